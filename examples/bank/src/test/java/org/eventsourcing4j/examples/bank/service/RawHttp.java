package org.eventsourcing4j.examples.bank.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Requests written byte by byte on a socket: what {@code java.net.http} refuses to send (bad escapes, half a request). */
final class RawHttp {
    private RawHttp() {
    }

    /** Sends {@code request} (the whole text, CRLFs included) and reads the answer until the server closes or 10 s pass. */
    static String exchange(URI base, String request) {
        try (Socket socket = connect(base)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return readAll(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Socket connect(URI base) throws IOException {
        return new Socket(base.getHost(), base.getPort());
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int read; (read = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, read);
                if (complete(out.toString(StandardCharsets.ISO_8859_1))) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            // what arrived is the answer
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Whether a response with a Content-Length has all of its body. */
    private static boolean complete(String response) {
        int end = response.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        for (String line : response.substring(0, end).split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                int length = Integer.parseInt(line.substring(15).strip());
                return response.length() - end - 4 >= length;
            }
        }
        return false;
    }
}
