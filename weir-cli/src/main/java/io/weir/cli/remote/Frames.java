package io.weir.cli.remote;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The wire between a command and the process that runs it: the command sends its request as length-prefixed UTF-8
 * strings, then its standard input as frames; the process answers with frames. A frame is a kind byte, a length and
 * that many bytes.
 */
final class Frames {
    static final byte OUT = 1;
    static final byte ERR = 2;
    static final byte EXIT = 3;
    static final byte REFUSED = 4;
    static final byte IN = 5;
    static final byte IN_END = 6;

    /** Requests larger than this are refused before they are read (an environment is a few kilobytes). */
    static final int MAX_STRING = 1 << 20;

    private Frames() {}

    static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String readString(DataInputStream in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    /** A frame's or a string's bytes after their length; a length out of bounds is a broken stream. */
    static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_STRING) {
            throw new IOException("a frame of " + length + " bytes");
        }
        return in.readNBytes(length);
    }

    static void writeFrame(DataOutputStream out, byte kind, byte[] bytes, int offset, int length) throws IOException {
        synchronized (out) {
            out.writeByte(kind);
            out.writeInt(length);
            out.write(bytes, offset, length);
            out.flush();
        }
    }

    /** The bytes written to it, sent as frames of {@code kind}. */
    static OutputStream stream(DataOutputStream out, byte kind) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                if (length > 0) {
                    writeFrame(out, kind, bytes, offset, length);
                }
            }
        };
    }
}
