package io.cairn.relay.capture;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * SQLite's WAL checksum: over 32-bit words taken in pairs, {@code s0 += x[i] + s1; s1 += x[i+1] + s0},
 * chained from the header through every frame. The words are little-endian when the WAL magic is
 * 0x377f0682 and big-endian when it is 0x377f0683.
 *
 * <p>The running pair is packed into one long (s0 in the high half) so the hot loop allocates nothing,
 * and words are read straight out of the byte array through a view VarHandle (an intrinsic load).
 */
final class WalChecksum {

    private static final VarHandle LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private WalChecksum() {
    }

    /** Packs a checksum pair as stored in the file (two big-endian u32 fields). */
    static long pack(int s0, int s1) {
        return ((long) s0 << 32) | (s1 & 0xFFFF_FFFFL);
    }

    /**
     * Continues the chain {@code state} over {@code len} bytes (a multiple of 8) of {@code b} from {@code off}.
     */
    static long update(boolean bigEndianWords, long state, byte[] b, int off, int len) {
        int s0 = (int) (state >>> 32);
        int s1 = (int) state;
        int end = off + len;
        // Two loops rather than a VarHandle chosen at run time: each stays monomorphic and vectorisable.
        if (bigEndianWords) {
            for (int i = off; i < end; i += 8) {
                s0 += (int) BE.get(b, i) + s1;
                s1 += (int) BE.get(b, i + 4) + s0;
            }
        } else {
            for (int i = off; i < end; i += 8) {
                s0 += (int) LE.get(b, i) + s1;
                s1 += (int) LE.get(b, i + 4) + s0;
            }
        }
        return pack(s0, s1);
    }

    /** A big-endian u32 field of the WAL format (all header fields are big-endian). */
    static int field(byte[] b, int off) {
        return (int) BE.get(b, off);
    }

    static void putField(byte[] b, int off, int value) {
        BE.set(b, off, value);
    }
}
