/**
 * Live telemetry of a run over MQTT, and the fleet view.
 *
 * <p>How a run uses it (the composition root wires it; nothing in the core imports this package):
 * <ol>
 *   <li>At load: {@code TelemetrySettings.parse(root.map("telemetry"), profileDir)}; errors are
 *       {@link io.afferent.config.ConfigException}s with file:line:col (exit 2). {@link TelemetrySettings#enabled()}
 *       false: do nothing more. Print {@code settings.broker().warnings()} as warnings.</li>
 *   <li>At start: {@link TelemetryPublisher#start(TelemetrySettings, RunInfo, java.util.function.Consumer)} with
 *       {@link RunInfo#of(String, String, java.time.Instant)} (version, profile name, start time) and the
 *       run's warning log. Returns at once; an unreachable broker is a warning.</li>
 *   <li>Each report interval, on the reporter thread: {@link TelemetryPublisher#interval(IntervalSnapshot)}
 *       (rates, drops, lateness and service quantiles of that interval, misses; {@code estop} if the run has one).</li>
 *   <li>As things happen: {@link TelemetryPublisher#event(TelemetryEvent)} (e-stop, faults, disconnects and
 *       reconnects, restarts, deadline-miss bursts, output safety stops).</li>
 *   <li>For each topic in {@code settings.topics()}: a lagging subscriber of that topic calls
 *       {@link TelemetryPublisher#topicDue(String)} and, when true, copies the message's fields and calls
 *       {@link TelemetryPublisher#topicSample(String, java.time.Instant, java.util.Map)}.</li>
 *   <li>At the end: {@link TelemetryPublisher#summary(byte[])} with summary.json's bytes, then
 *       {@link TelemetryPublisher#close(long)} (bounded; the retained status becomes offline/stopped).</li>
 * </ol>
 * None of the calls of steps 3 to 6 blocks: they put the message into a bounded drop-oldest buffer that
 * the publisher's own thread drains. {@link FleetCommand} is the {@code afferent fleet} subcommand.
 * The payloads are a contract: {@code telemetry/PAYLOADS.md}.
 */
package io.afferent.telemetry;
