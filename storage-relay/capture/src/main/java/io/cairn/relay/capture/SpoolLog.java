package io.cairn.relay.capture;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads one spool file end to end to learn what it holds and where its last good record ends. A file is
 * good up to the first record that is torn, fails its CRC, or does not continue the txid sequence.
 *
 * @param validBytes length of the good prefix
 * @param damage     why reading stopped before the end of the file, or null if the whole file is good
 */
record SpoolLog(long validBytes, long records, long firstTxid, long lastTxid, long firstTimeMillis,
                long lastTimeMillis, WalPosition lastEnd, String damage) {

    static SpoolLog scan(Path file) throws IOException {
        long valid = 0;
        long records = 0;
        long first = -1;
        long last = -1;
        long firstTime = 0;
        long lastTime = 0;
        WalPosition lastEnd = null;
        String damage = null;
        try (CountingInputStream in = new CountingInputStream(new BufferedInputStream(Files.newInputStream(file),
                1 << 16))) {
            while (true) {
                CommitRecord r;
                try {
                    r = RecordCodec.read(in);
                } catch (CorruptRecordException e) {
                    damage = e.getMessage();
                    break;
                }
                if (r == null) {
                    break;
                }
                if (records > 0 && r.txid() != last + 1) {
                    damage = "txid " + r.txid() + " follows txid " + last;
                    break;
                }
                if (records == 0) {
                    first = r.txid();
                    firstTime = r.commitTimeMillis();
                }
                records++;
                last = r.txid();
                lastTime = r.commitTimeMillis();
                lastEnd = r.walEnd();
                valid = in.count();
            }
        }
        return new SpoolLog(valid, records, first, last, firstTime, lastTime, lastEnd, damage);
    }
}
