package io.github.udpkit.samples;

import io.github.udpkit.DatagramTooLargeException;
import io.github.udpkit.UdpBindException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * The samples' one command-line reader, so that every sample parses options and reports mistakes the same way.
 *
 * <pre>{@code
 * Cli cli = new Cli(args);
 * while (cli.hasNext()) {
 *     switch (cli.next()) {
 *         case "--port" -> port = cli.port();        // --port 5005 and --port=5005
 *         case "--quiet" -> quiet = true;
 *         default -> message = cli.positional();     // or throw cli.unknown()
 *     }
 * }
 * }</pre>
 *
 * <p>An option is an argument that starts with {@code -} (and is not a number such as {@code -4}); its value is the
 * next argument, or follows an {@code =} in the same argument ({@code --message=--x} for a value that starts with
 * {@code -}). Every mistake is an {@link IllegalArgumentException} whose message names the option and echoes the
 * value in single quotes: {@code --port must be a number from 0 to 65535, was '70000'}, {@code unknown option
 * --verbose}, {@code option --port needs a value}. {@link #run} prints such a message with a hint and exits 2.
 *
 * <p>Addresses are read and printed in one format: {@code 127.0.0.1:5005} and {@code [::1]:5005}.
 *
 * <p>Not thread-safe: one reader per command line.
 */
public final class Cli {
    /** The largest port number. */
    public static final int MAX_PORT = 65_535;

    private final String[] args;
    private int next;
    private String current;
    private boolean option;
    private String inline;
    private boolean valueTaken;

    /**
     * Reads a command line.
     *
     * @param args the arguments, not including the sub-command's name
     */
    public Cli(String[] args) {
        this.args = args.clone();
    }

    /**
     * Tells whether an argument is left.
     *
     * @return {@code true} if {@link #next()} has an argument to return
     * @throws IllegalArgumentException if the current option takes no value but was given one ({@code --hex=yes})
     */
    public boolean hasNext() {
        checkNoValueLeft();
        return next < args.length;
    }

    /**
     * Moves to the next argument.
     *
     * @return the option's name without its {@code =value} ({@code --port} for {@code --port=5005}), or the
     *     positional argument
     * @throws NoSuchElementException if no argument is left
     * @throws IllegalArgumentException as {@link #hasNext()}
     */
    public String next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no argument left");
        }
        String arg = args[next++];
        option = isOption(arg);
        valueTaken = false;
        int equals = arg.indexOf('=');
        if (option && arg.startsWith("--") && equals > 2) {
            current = arg.substring(0, equals);
            inline = arg.substring(equals + 1);
        } else {
            current = arg;
            inline = null;
        }
        return current;
    }

    private static boolean isOption(String arg) {
        if (arg.length() < 2 || arg.charAt(0) != '-') {
            return false;
        }
        char second = arg.charAt(1);
        return !(second >= '0' && second <= '9' || second == '.'); // -4 and -.5 are values, not options
    }

    private void checkNoValueLeft() {
        if (inline != null && !valueTaken) {
            throw new IllegalArgumentException("option " + current + " takes no value, was '" + current + "="
                    + inline + "'");
        }
    }

    /**
     * Returns the current option's value: what follows its {@code =}, or else the next argument.
     *
     * @return the value, possibly empty
     * @throws IllegalArgumentException if the option has no value: it is the last argument, or followed by another
     *     option
     */
    public String value() {
        if (inline != null) {
            valueTaken = true;
            return inline;
        }
        if (next >= args.length || isOption(args[next])) {
            throw new IllegalArgumentException("option " + current + " needs a value");
        }
        return args[next++];
    }

    /**
     * Returns the current option's value as a whole number in a range.
     *
     * @param min the smallest value allowed
     * @param max the largest value allowed
     * @return the number
     * @throws IllegalArgumentException as {@link #value()}, or as {@link #number(String, String, long, long)}
     */
    public int number(int min, int max) {
        return (int) number(current, value(), min, max);
    }

    /**
     * Returns the current option's value as a port number, 0 to 65535.
     *
     * @return the port
     * @throws IllegalArgumentException {@code --port must be a number from 0 to 65535, was '70000'}
     */
    public int port() {
        return port(current, value());
    }

    /**
     * Returns the current option's value as a host name or IP address, resolved.
     *
     * @return the address
     * @throws IllegalArgumentException as {@link #value()}, or {@code unknown host 'x'}
     */
    public InetAddress host() {
        return host(value());
    }

    /**
     * Returns the current option's value as {@code HOST:PORT}, see {@link #target(String, String, int)}.
     *
     * @param examplePort the port the message's examples show, the sample's usual one
     * @return the address
     * @throws IllegalArgumentException as {@link #value()}, or as {@link #target(String, String, int)}
     */
    public InetSocketAddress target(int examplePort) {
        return target(current, value(), examplePort);
    }

    /**
     * Returns the current argument as a positional argument.
     *
     * @return the argument
     * @throws IllegalArgumentException {@code unknown option --x} if it is an option
     */
    public String positional() {
        if (option) {
            throw unknown();
        }
        return current;
    }

    /**
     * Returns the error for an argument the command does not know; throw it.
     *
     * @return {@code unknown option --x}, or {@code unexpected argument 'x'} for a positional argument
     */
    public IllegalArgumentException unknown() {
        return new IllegalArgumentException(option ? "unknown option " + current
                : "unexpected argument '" + current + "'");
    }

    /**
     * Parses a whole number in a range.
     *
     * @param name the option's name, for the message
     * @param value the text
     * @param min the smallest value allowed
     * @param max the largest value allowed
     * @return the number
     * @throws IllegalArgumentException {@code NAME must be a number from MIN to MAX, was 'VALUE'}
     */
    public static long number(String name, String value, long min, long max) {
        try {
            long n = Long.parseLong(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        throw new IllegalArgumentException(name + " must be a number from " + min + " to " + max + ", was '" + value
                + "'");
    }

    /**
     * Parses a decimal number in a range.
     *
     * @param name the option's name, for the message
     * @param value the text, for example {@code 2.5}
     * @param min the smallest value allowed
     * @param max the largest value allowed
     * @return the number
     * @throws IllegalArgumentException {@code NAME must be a number from MIN to MAX, was 'VALUE'}
     */
    public static double decimal(String name, String value, double min, double max) {
        try {
            double n = Double.parseDouble(value);
            if (n >= min && n <= max) { // false for NaN
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        throw new IllegalArgumentException(name + " must be a number from " + min + " to " + max + ", was '" + value
                + "'");
    }

    /**
     * Parses a port number, 0 to 65535.
     *
     * @param name the option's name, for the message
     * @param value the text
     * @return the port
     * @throws IllegalArgumentException {@code NAME must be a number from 0 to 65535, was 'VALUE'}
     */
    public static int port(String name, String value) {
        return (int) number(name, value, 0, MAX_PORT);
    }

    /**
     * Resolves a host name or IP address; {@code [::1]} is read as {@code ::1}.
     *
     * @param host the text
     * @return the address
     * @throws IllegalArgumentException {@code unknown host 'x'}
     */
    public static InetAddress host(String host) {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (name.isBlank()) {
            throw new IllegalArgumentException("unknown host '" + host + "'");
        }
        try {
            return InetAddress.getByName(name);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host '" + host + "'", e);
        }
    }

    /**
     * Parses a destination written {@code HOST:PORT}: {@code 127.0.0.1:5005}, {@code localhost:5005} or
     * {@code [::1]:5005}. The port is checked like {@code --port}; 0 is refused, as no datagram can be sent to it.
     *
     * @param name the option's name, for the message, for example {@code --to}
     * @param text the text
     * @param examplePort the port the message's examples show, the sample's usual one
     * @return the address
     * @throws IllegalArgumentException {@code --to must be HOST:PORT, for example 127.0.0.1:5005 or [::1]:5005,
     *     was 'x'}, {@code --port must be a number from 0 to 65535, was '70000'}, or {@code unknown host 'x'}
     */
    public static InetSocketAddress target(String name, String text, int examplePort) {
        int colon = text.lastIndexOf(':');
        String host = colon > 0 ? text.substring(0, colon) : "";
        boolean bracketed = host.startsWith("[") && host.endsWith("]");
        if (colon <= 0 || colon == text.length() - 1 || (host.contains(":") && !bracketed)) {
            throw new IllegalArgumentException(name + " must be HOST:PORT, for example 127.0.0.1:" + examplePort
                    + " or [::1]:" + examplePort + ", was '" + text + "'");
        }
        int port = port("--port", text.substring(colon + 1)); // before the host: no name lookup for a bad port
        return destination(name, host(host), port);
    }

    /**
     * Checks a destination's port: a number from 0 to 65535 like {@code --port}, and not 0, as no datagram can be
     * sent to port 0.
     *
     * @param name the option's name, for the message
     * @param host the destination's address
     * @param port the destination's port
     * @return the socket address
     * @throws IllegalArgumentException {@code --port must be a number from 0 to 65535, was '70000'}, or
     *     {@code cannot send to port 0 (NAME): a destination port is 1 to 65535}
     */
    public static InetSocketAddress destination(String name, InetAddress host, int port) {
        port("--port", Integer.toString(port));
        if (port == 0) {
            throw new IllegalArgumentException("cannot send to port 0 (" + name + "): a destination port is 1 to "
                    + MAX_PORT);
        }
        return new InetSocketAddress(host, port);
    }

    /**
     * Formats an address the way the samples read it: {@code 127.0.0.1:5005}, {@code [::1]:5005}.
     *
     * @param address the address
     * @return the text, without a host name or a leading {@code /}
     */
    public static String format(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        int scope = host.indexOf('%');
        if (host.contains(":")) {
            String bare = scope >= 0 ? host.substring(0, scope) : host;
            host = "[" + compress(bare) + (scope >= 0 ? host.substring(scope) : "") + "]";
        }
        return host + ":" + address.getPort();
    }

    /** Shortens the JDK's {@code 0:0:0:0:0:0:0:1} to {@code ::1}, as RFC 5952 writes it. */
    private static String compress(String ipv6) {
        String[] groups = ipv6.split(":");
        if (groups.length != 8) {
            return ipv6; // already short: not from getHostAddress()
        }
        int start = -1;
        int length = 0;
        for (int i = 0, run = 0; i < groups.length; i++) {
            groups[i] = Integer.toHexString(Integer.parseInt(groups[i], 16));
            run = groups[i].equals("0") ? run + 1 : 0;
            if (run > 1 && run > length) { // the first longest run of two or more zero groups
                start = i - run + 1;
                length = run;
            }
        }
        if (start < 0) {
            return String.join(":", groups);
        }
        return String.join(":", Arrays.copyOfRange(groups, 0, start)) + "::"
                + String.join(":", Arrays.copyOfRange(groups, start + length, groups.length));
    }

    /**
     * Runs a sub-command the way the samples jar does: a usage mistake ({@link IllegalArgumentException}) prints
     * {@code NAME: MESSAGE} and a hint on {@code err} and returns 2; any other failure prints {@code NAME: MESSAGE}
     * (the message only, never the exception's class) and returns 1.
     *
     * @param name the sub-command's name, for the messages
     * @param command the sub-command
     * @param args its arguments
     * @param out standard output
     * @param err standard error
     * @return the exit status: the command's, or 2 for a usage mistake, 1 for a failure
     */
    public static int run(String name, Main.Command command, String[] args, PrintStream out, PrintStream err) {
        try {
            return command.run(args, out, err);
        } catch (IllegalArgumentException e) {
            err.println(name + ": " + message(e));
            err.println("try: java -jar udp-samples.jar " + name + " --help");
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(name + ": interrupted");
            return 1;
        } catch (Exception e) {
            err.println(name + ": " + message(e));
            return 1;
        }
    }

    /**
     * Runs a sub-command as {@link #run} does, on the process's streams, and exits with its status when that is not
     * 0 (a server that returns 0 keeps running on its own threads). For the samples' {@code main} methods.
     *
     * @param name the sub-command's name
     * @param command the sub-command
     * @param args its arguments
     */
    public static void main(String name, Main.Command command, String[] args) {
        int status = run(name, command, args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Returns what to show of an exception: the first message in its chain, never a class name, with the address a
     * udpkit exception carries written as the samples write addresses ({@code 127.0.0.1:5005}, not
     * {@code /127.0.0.1:5005}).
     *
     * @param e the exception
     * @return its message, or its first cause's that has one of its own (not its cause's {@code toString()}, which
     *     names a class), or {@code failed without a message}
     */
    public static String message(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            boolean fromCause = t.getCause() != null && t.getCause().toString().equals(message); // new E(cause)
            if (message != null && !message.isBlank() && !fromCause) {
                InetSocketAddress address = t instanceof UdpBindException bind ? bind.address()
                        : t instanceof DatagramTooLargeException large ? large.target() : null;
                return address == null ? message : message.replace(address.toString(), format(address));
            }
        }
        return "failed without a message";
    }
}
