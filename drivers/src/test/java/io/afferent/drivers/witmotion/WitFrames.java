package io.afferent.drivers.witmotion;

/** Test helper: builds WitMotion frames. */
final class WitFrames {
    private WitFrames() {
    }

    static byte[] frame(int type, int w0, int w1, int w2, int w3) {
        byte[] f = new byte[11];
        f[0] = 0x55;
        f[1] = (byte) type;
        int[] w = {w0, w1, w2, w3};
        for (int i = 0; i < 4; i++) {
            f[2 + 2 * i] = (byte) w[i];
            f[3 + 2 * i] = (byte) (w[i] >> 8);
        }
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += f[i];
        }
        f[10] = (byte) sum;
        return f;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
