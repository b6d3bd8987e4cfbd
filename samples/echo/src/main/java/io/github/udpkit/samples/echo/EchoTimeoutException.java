package io.github.udpkit.samples.echo;

import io.github.udpkit.UdpException;

/**
 * Thrown by {@link EchoClient#request(byte[])} when no attempt got the echo. The message names the target, the
 * number of attempts and how long each waited, for example
 * {@code no echo from 127.0.0.1:7007 after 3 attempts (waited 200 + 400 + 800 = 1400 ms)}.
 */
public final class EchoTimeoutException extends UdpException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was tried
     */
    public EchoTimeoutException(String message) {
        super(message);
    }
}
