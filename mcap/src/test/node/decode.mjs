// Reads an MCAP file with Foxglove's libraries and prints what they find as JSON on stdout:
//   node decode.mjs indexed FILE   McapIndexedReader (summary, chunk indexes), every message decoded
//   node decode.mjs stream FILE    McapStreamReader fed the file in pieces (works on truncated files)
// Messages on ROS 2 channels (schema encoding ros2msg, message encoding cdr) are decoded with
// @foxglove/rosmsg (parse, ros2) and @foxglove/rosmsg2-serialization (MessageReader).
import { McapIndexedReader, McapStreamReader } from "@mcap/core";
import { loadDecompressHandlers } from "@mcap/support";
import { parse } from "@foxglove/rosmsg";
import { MessageReader } from "@foxglove/rosmsg2-serialization";
import { readFile } from "node:fs/promises";

const [mode, file] = process.argv.slice(2);
if (!["indexed", "stream"].includes(mode) || !file) {
  console.error("usage: node decode.mjs indexed|stream FILE");
  process.exit(2);
}
const bytes = new Uint8Array(await readFile(file));
const decompressHandlers = await loadDecompressHandlers();

const readers = new Map(); // channel id -> MessageReader or null
const errors = [];
function readerFor(channel, schema) {
  if (readers.has(channel.id)) return readers.get(channel.id);
  let reader = null;
  if (schema && schema.encoding === "ros2msg" && channel.messageEncoding === "cdr") {
    try {
      const text = new TextDecoder().decode(schema.data);
      reader = new MessageReader(parse(text, { ros2: true }));
    } catch (e) {
      errors.push(`schema ${schema.name} of ${channel.topic}: ${e.message}`);
    }
  }
  readers.set(channel.id, reader);
  return reader;
}

function plain(v) {
  if (typeof v === "bigint") return v.toString();
  if (ArrayBuffer.isView(v)) return Array.from(v, plain);
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === "object") {
    const o = {};
    for (const [k, x] of Object.entries(v)) o[k] = plain(x);
    return o;
  }
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  return v;
}

const out = { mode, messages: [], countsByTopic: {}, errors };
function onMessage(msg, channel, schema) {
  const reader = readerFor(channel, schema);
  const entry = {
    topic: channel.topic,
    sequence: msg.sequence,
    logTime: msg.logTime.toString(),
    publishTime: msg.publishTime.toString(),
    size: msg.data.byteLength,
  };
  if (reader) {
    try {
      entry.value = plain(reader.readMessage(msg.data));
    } catch (e) {
      errors.push(`message ${msg.sequence} on ${channel.topic}: ${e.message}`);
    }
  }
  out.countsByTopic[channel.topic] = (out.countsByTopic[channel.topic] ?? 0) + 1;
  out.messages.push(entry);
}

if (mode === "indexed") {
  const readable = {
    size: async () => BigInt(bytes.byteLength),
    read: async (offset, size) => bytes.subarray(Number(offset), Number(offset + size)),
  };
  const reader = await McapIndexedReader.Initialize({ readable, decompressHandlers });
  out.profile = reader.header.profile;
  out.library = reader.header.library;
  out.chunkCount = reader.chunkIndexes.length;
  out.compression = [...new Set(reader.chunkIndexes.map((c) => c.compression))];
  if (reader.statistics) {
    out.statistics = {
      messageCount: reader.statistics.messageCount.toString(),
      channelMessageCounts: Object.fromEntries(
        [...reader.statistics.channelMessageCounts].map(([k, v]) => [k, v.toString()]),
      ),
    };
  }
  out.channels = [...reader.channelsById.values()].map((c) => ({
    id: c.id,
    topic: c.topic,
    messageEncoding: c.messageEncoding,
    schemaName: reader.schemasById.get(c.schemaId)?.name ?? "",
    metadata: Object.fromEntries(c.metadata),
  }));
  for await (const msg of reader.readMessages({ validateCrcs: true })) {
    const channel = reader.channelsById.get(msg.channelId);
    onMessage(msg, channel, reader.schemasById.get(channel.schemaId));
  }
  out.metadata = [];
  for await (const m of reader.readMetadata()) {
    out.metadata.push({ name: m.name, metadata: Object.fromEntries(m.metadata) });
  }
  out.attachments = [];
  for await (const a of reader.readAttachments()) {
    out.attachments.push({ name: a.name, mediaType: a.mediaType, size: a.data.byteLength });
  }
} else {
  const reader = new McapStreamReader({ decompressHandlers, validateCrcs: true });
  const schemas = new Map();
  const channels = new Map();
  let chunks = 0;
  const piece = 64 * 1024;
  for (let at = 0; at < bytes.byteLength; at += piece) {
    reader.append(bytes.subarray(at, Math.min(bytes.byteLength, at + piece)));
    for (let rec; (rec = reader.nextRecord()); ) {
      if (rec.type === "Schema") schemas.set(rec.id, rec);
      else if (rec.type === "Channel") channels.set(rec.id, rec);
      else if (rec.type === "Message") {
        const channel = channels.get(rec.channelId);
        onMessage(rec, channel, schemas.get(channel.schemaId));
      }
    }
  }
  out.done = reader.done();
  out.bytesRemaining = reader.bytesRemaining();
}
out.messageCount = out.messages.length;
process.stdout.write(JSON.stringify(out));
