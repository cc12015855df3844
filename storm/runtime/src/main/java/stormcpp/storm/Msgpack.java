package stormcpp.storm;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The MessagePack subset the msgpack wire uses (docs/wire.md): nil, booleans, integers, float64
 * (float32 read), str, bin, array and map with str keys. Written here rather than taken from a
 * library so that a user's topology jar carries no extra dependency that could clash with theirs.
 */
final class Msgpack {
    private Msgpack() {}

    /** The first byte of every packed frame: a byte MessagePack never uses and UTF-8 never holds. */
    static final int MARKER = 0xc1;
    /** The marker and a 4-byte big-endian body length. */
    static final int HEADER = 5;

    /** A corrupt frame or a value that cannot be written. */
    static final class FormatException extends IOException {
        private static final long serialVersionUID = 1L;

        FormatException(String message) {
            super(message);
        }
    }

    /** Encodes into a growable buffer; {@link #beginFrame()} / {@link #endFrame()} frame it. */
    static final class Writer {
        private byte[] buf = new byte[64 * 1024];
        private int size;
        private int frameStart = -1;

        int size() {
            return size;
        }

        byte[] buffer() {
            return buf;
        }

        void clear() {
            size = 0;
        }

        void beginFrame() {
            frameStart = size;
            ensure(HEADER);
            buf[size] = (byte) MARKER;
            size += HEADER;
        }

        void endFrame() {
            int length = size - frameStart - HEADER;
            buf[frameStart + 1] = (byte) (length >>> 24);
            buf[frameStart + 2] = (byte) (length >>> 16);
            buf[frameStart + 3] = (byte) (length >>> 8);
            buf[frameStart + 4] = (byte) length;
            frameStart = -1;
        }

        /** Drops the frame being written (after a value that cannot be written). */
        void abandonFrame() {
            if (frameStart >= 0) size = frameStart;
            frameStart = -1;
        }

        private void ensure(int more) {
            if (size + more > buf.length) {
                byte[] bigger = new byte[Math.max(buf.length * 2, size + more)];
                System.arraycopy(buf, 0, bigger, 0, size);
                buf = bigger;
            }
        }

        private void put(int b) {
            ensure(1);
            buf[size++] = (byte) b;
        }

        private void putBigEndian(long v, int bytes) {
            ensure(bytes);
            for (int i = bytes - 1; i >= 0; i--) buf[size++] = (byte) (v >>> (8 * i));
        }

        private void header(int n, int fix, int fixMax, int with8, int with16, int with32) {
            if (n <= fixMax) {
                put(fix | n);
            } else if (with8 != 0 && n <= 0xff) {
                put(with8);
                putBigEndian(n, 1);
            } else if (n <= 0xffff) {
                put(with16);
                putBigEndian(n, 2);
            } else {
                put(with32);
                putBigEndian(n, 4);
            }
        }

        void map(int n) {
            header(n, 0x80, 15, 0, 0xde, 0xdf);
        }

        void array(int n) {
            header(n, 0x90, 15, 0, 0xdc, 0xdd);
        }

        void nil() {
            put(0xc0);
        }

        void bool(boolean b) {
            put(b ? 0xc3 : 0xc2);
        }

        void integer(long v) {
            if (v >= 0 && v < 0x80) {
                put((int) v);
            } else if (v < 0 && v >= -32) {
                put((int) (v & 0xff));
            } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                put(0xd2);
                putBigEndian(v, 4);
            } else {
                put(0xd3);
                putBigEndian(v, 8);
            }
        }

        void float64(double d) {
            put(0xcb);
            putBigEndian(Double.doubleToRawLongBits(d), 8);
        }

        void str(String s) {
            int n = s.length();
            // ASCII straight into the buffer; anything else through the UTF-8 encoder.
            int i = 0;
            while (i < n && s.charAt(i) < 0x80) i++;
            if (i < n) {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                header(utf8.length, 0xa0, 31, 0xd9, 0xda, 0xdb);
                ensure(utf8.length);
                System.arraycopy(utf8, 0, buf, size, utf8.length);
                size += utf8.length;
                return;
            }
            header(n, 0xa0, 31, 0xd9, 0xda, 0xdb);
            ensure(n);
            for (int k = 0; k < n; k++) buf[size++] = (byte) s.charAt(k);
        }

        void bin(byte[] bytes) {
            header(bytes.length, 0, -1, 0xc4, 0xc5, 0xc6);
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buf, size, bytes.length);
            size += bytes.length;
        }

        /** A tuple value, a message id or metric parameters. */
        void value(Object v) throws FormatException {
            if (v == null) {
                nil();
            } else if (v instanceof String) {
                str((String) v);
            } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                integer(((Number) v).longValue());
            } else if (v instanceof Double || v instanceof Float) {
                float64(((Number) v).doubleValue());
            } else if (v instanceof Boolean) {
                bool((Boolean) v);
            } else if (v instanceof byte[]) {
                bin((byte[]) v);
            } else if (v instanceof List) {
                List<?> list = (List<?>) v;
                array(list.size());
                for (Object item : list) value(item);
            } else if (v instanceof Map) {
                Map<?, ?> map = (Map<?, ?>) v;
                map(map.size());
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    str(String.valueOf(e.getKey()));
                    value(e.getValue());
                }
            } else if (v instanceof BigInteger && ((BigInteger) v).bitLength() <= 64) {
                BigInteger big = (BigInteger) v;
                if (big.bitLength() < 64) {
                    integer(big.longValue());
                } else if (big.signum() > 0) {  // 2^63 ... 2^64 - 1
                    put(0xcf);
                    putBigEndian(big.longValue(), 8);
                } else {
                    throw unsupported(v);
                }
            } else if (v instanceof Character) {
                str(v.toString());
            } else {
                throw unsupported(v);
            }
        }

        private static FormatException unsupported(Object v) {
            return new FormatException("the msgpack wire cannot carry a value of type " + v.getClass().getName()
                    + " (" + abbreviate(String.valueOf(v)) + "): send null, Boolean, an integer of at most 64 bits,"
                    + " Float, Double, String, byte[], a List or a Map of these");
        }
    }

    /** Decodes one frame's body, held in {@code buf[pos, end)}. */
    static final class Reader {
        private final byte[] buf;
        private final int start;
        private int pos;
        private final int end;
        private final int maxDepth;

        Reader(byte[] buf, int pos, int end, int maxDepth) {
            this.buf = buf;
            this.start = pos;
            this.pos = pos;
            this.end = end;
            this.maxDepth = maxDepth;
        }

        boolean atEnd() {
            return pos == end;
        }

        /** Back to the start of the body, to read it again. */
        Reader rewind() {
            pos = start;
            return this;
        }

        /**
         * A map of str keys read straight into an array: {@code fields[k]} is the value of
         * {@code keys[k]} (ASCII; the last one when a key repeats), other keys' values are read and
         * dropped. No Map is built and no key becomes a String. Null, with the body partly read,
         * when it is not a map or a key is not a str: {@link #value()} then says what it is.
         */
        Object[] fields(byte[][] keys) throws FormatException {
            if (pos >= end) return null;
            int c = buf[pos] & 0xff;
            int n;
            if ((c & 0xf0) == 0x80) {
                pos++;
                n = c & 0x0f;
            } else if (c == 0xde || c == 0xdf) {
                pos++;
                n = count(c == 0xde ? 2 : 4);
            } else {
                return null;
            }
            Object[] fields = new Object[keys.length];
            for (int i = 0; i < n; i++) {
                int c2 = next();
                int length;
                if ((c2 & 0xe0) == 0xa0) {
                    length = length0(c2 & 0x1f);
                } else if (c2 >= 0xd9 && c2 <= 0xdb) {
                    length = length(1 << (c2 - 0xd9));
                } else {
                    return null;
                }
                int k = keys.length - 1;
                while (k >= 0 && !Arrays.equals(buf, pos, pos + length, keys[k], 0, keys[k].length)) k--;
                pos += length;
                Object v = value(1);
                if (k >= 0) fields[k] = v;
            }
            return fields;
        }

        private FormatException corrupt(String what) {
            return new FormatException("a packed frame from the component is corrupt at body byte " + pos + ": " + what);
        }

        private int next() throws FormatException {
            if (pos >= end) throw corrupt("the body ends inside a value");
            return buf[pos++] & 0xff;
        }

        private long bigEndian(int bytes) throws FormatException {
            if (end - pos < bytes) throw corrupt("the body ends inside a value");
            long v = 0;
            for (int i = 0; i < bytes; i++) v = (v << 8) | (buf[pos++] & 0xff);
            return v;
        }

        private int length(int bytes) throws FormatException {
            long n = bigEndian(bytes);
            if (n > end - pos) throw corrupt("a length of " + n + " bytes, past the end of the body");
            return (int) n;
        }

        private int count(int bytes) throws FormatException {
            long n = bigEndian(bytes);
            // Every entry takes at least one byte.
            if (n > end - pos) throw corrupt("a count of " + n + " entries, past the end of the body");
            return (int) n;
        }

        private String str(int n) {
            String s = new String(buf, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        /** Integers as json-smart gives them on the JSON wire: Integer when they fit, else Long. */
        private static Object integer(long v) {
            return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? (Object) (int) v : (Object) v;
        }

        Object value() throws FormatException {
            return value(0);
        }

        private Object value(int depth) throws FormatException {
            if (depth > maxDepth) throw corrupt("values nest deeper than " + maxDepth + " levels");
            int c = next();
            if (c < 0x80) return c;
            if (c >= 0xe0) return (int) (byte) c;
            if ((c & 0xe0) == 0xa0) return str(length0(c & 0x1f));
            if ((c & 0xf0) == 0x80) return map(c & 0x0f, depth);
            if ((c & 0xf0) == 0x90) return array(c & 0x0f, depth);
            switch (c) {
                case 0xc0: return null;
                case 0xc2: return Boolean.FALSE;
                case 0xc3: return Boolean.TRUE;
                case 0xc4: case 0xc5: case 0xc6: {
                    int n = length(1 << (c - 0xc4));
                    byte[] bytes = new byte[n];
                    System.arraycopy(buf, pos, bytes, 0, n);
                    pos += n;
                    return bytes;
                }
                case 0xca: return (double) Float.intBitsToFloat((int) bigEndian(4));
                case 0xcb: return Double.longBitsToDouble(bigEndian(8));
                case 0xcc: return (int) bigEndian(1);
                case 0xcd: return (int) bigEndian(2);
                case 0xce: return integer(bigEndian(4));
                case 0xcf: {
                    long v = bigEndian(8);
                    return v >= 0 ? integer(v) : new BigInteger(Long.toUnsignedString(v));
                }
                case 0xd0: return (int) (byte) bigEndian(1);
                case 0xd1: return (int) (short) bigEndian(2);
                case 0xd2: return (int) bigEndian(4);
                case 0xd3: return integer(bigEndian(8));
                case 0xd9: case 0xda: case 0xdb: return str(length(1 << (c - 0xd9)));
                case 0xdc: return array(count(2), depth);
                case 0xdd: return array(count(4), depth);
                case 0xde: return map(count(2), depth);
                case 0xdf: return map(count(4), depth);
                default:
                    pos--;
                    throw corrupt(String.format("type byte 0x%02x (%s)", c,
                            c == MARKER ? "never used by MessagePack" : "ext types are not used"));
            }
        }

        private int length0(int n) throws FormatException {
            if (n > end - pos) throw corrupt("a length of " + n + " bytes, past the end of the body");
            return n;
        }

        private List<Object> array(int n, int depth) throws FormatException {
            List<Object> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) list.add(value(depth + 1));
            return list;
        }

        private Map<String, Object> map(int n, int depth) throws FormatException {
            Map<String, Object> map = new HashMap<>(Math.max(4, n * 2));
            for (int i = 0; i < n; i++) {
                Object key = value(depth + 1);
                if (!(key instanceof String)) throw corrupt("a map key that is not a str");
                map.put((String) key, value(depth + 1));
            }
            return map;
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
