package io.billinggateway.gateway.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one connection per request. Clients such as {@link java.net.http.HttpClient}
 * refuse control characters in header values and set their own framing; an attacker's client does not, so
 * the fuzz cases go out byte for byte as generated. Header values are written as UTF-8.
 */
final class RawHttpClient {
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int READ_TIMEOUT_MILLIS = 30_000;

    private final String host;
    private final int port;

    RawHttpClient(String host, int port) {
        this.host = host;
        this.port = port;
    }

    Answer send(FuzzRequest request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            try {
                write(socket.getOutputStream(), request);
            }
            catch (IOException e) {
                // The server may answer (413, 431) and close before it read everything; its answer still counts.
            }
            byte[] raw = readAll(socket.getInputStream());
            if (raw.length == 0) {
                return Answer.none("the connection closed without an answer");
            }
            return parse(raw);
        }
        catch (SocketTimeoutException e) {
            return Answer.none("no answer within " + READ_TIMEOUT_MILLIS / 1000 + " s");
        }
        catch (IOException e) {
            return Answer.none(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void write(OutputStream out, FuzzRequest request) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        line(head, request.method() + " " + request.target() + " HTTP/1.1");
        line(head, "Host: " + host + ":" + port);
        line(head, "Connection: close");
        for (FuzzRequest.Header header : request.headers()) {
            line(head, header.name() + ": " + header.value());
        }
        if (request.body() != null) {
            line(head, "Content-Length: " + request.body().length);
        }
        line(head, "");
        out.write(head.toByteArray());
        if (request.body() != null) {
            out.write(request.body());
        }
        out.flush();
    }

    private static void line(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(new byte[] {'\r', '\n'});
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        try {
            int read;
            while ((read = in.read(buffer)) != -1) {
                out.write(buffer, 0, read);
            }
        }
        catch (IOException e) {
            // A reset after the answer was sent: keep what arrived.
            if (out.size() == 0) {
                throw e;
            }
        }
        return out.toByteArray();
    }

    private static Answer parse(byte[] raw) {
        int end = indexOf(raw, new byte[] {'\r', '\n', '\r', '\n'});
        if (end < 0) {
            return Answer.none("an incomplete answer: " + new String(raw, StandardCharsets.ISO_8859_1));
        }
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
            return Answer.none("not an HTTP answer: " + lines[0]);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int index = 1; index < lines.length; index++) {
            int colon = lines[index].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[index].substring(0, colon).strip().toLowerCase(Locale.ROOT), ignored -> new ArrayList<>())
                        .add(lines[index].substring(colon + 1).strip());
            }
        }
        byte[] body = Arrays.copyOfRange(raw, end + 4, raw.length);
        List<String> encoding = headers.getOrDefault("transfer-encoding", List.of());
        if (encoding.stream().anyMatch(value -> value.toLowerCase(Locale.ROOT).contains("chunked"))) {
            body = dechunk(body);
        }
        else if (headers.containsKey("content-length")) {
            int length = Integer.parseInt(headers.get("content-length").getFirst());
            body = Arrays.copyOf(body, Math.min(length, body.length));
        }
        return new Answer(Integer.parseInt(statusLine[1]), headers, new String(body, StandardCharsets.UTF_8), null);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int position = 0;
        while (position < chunked.length) {
            int lineEnd = indexOf(Arrays.copyOfRange(chunked, position, chunked.length), new byte[] {'\r', '\n'});
            if (lineEnd < 0) {
                break;
            }
            String sizeText = new String(chunked, position, lineEnd, StandardCharsets.ISO_8859_1).split(";")[0].strip();
            int size = Integer.parseInt(sizeText, 16);
            position += lineEnd + 2;
            if (size == 0) {
                break;
            }
            out.write(chunked, position, Math.min(size, chunked.length - position));
            position += size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int index = 0; index + pattern.length <= data.length; index++) {
            for (int offset = 0; offset < pattern.length; offset++) {
                if (data[index + offset] != pattern[offset]) {
                    continue outer;
                }
            }
            return index;
        }
        return -1;
    }
}
