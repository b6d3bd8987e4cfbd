package io.github.udpkit.reliability;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.text.MessageFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what udpkit logs through {@code System.Logger}, which the JDK backs with java.util.logging when no other
 * backend is installed: a handler on the parent logger of a package sees every record of its classes.
 */
final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger;
    private final Level previous;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    LogCapture(String loggerName) {
        this.logger = Logger.getLogger(loggerName);
        this.previous = logger.getLevel();
        logger.addHandler(this);
        logger.setLevel(Level.ALL);
    }

    @Override
    public void publish(LogRecord logRecord) {
        records.add(logRecord);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(previous);
    }

    /** Each record as {@code LEVEL message}, the message formatted with its parameters. */
    List<String> messages() {
        return records.stream().map(r -> r.getLevel() + " " + format(r)).toList();
    }

    /** Each record in full, as a log file would hold it: level, message and the whole stack trace with causes. */
    List<String> fullText() {
        return records.stream().map(r -> {
            StringWriter out = new StringWriter();
            out.append(r.getLevel().getName()).append(' ').append(r.getLoggerName()).append(": ").append(format(r));
            if (r.getThrown() != null) {
                out.append('\n');
                r.getThrown().printStackTrace(new PrintWriter(out));
            }
            return out.toString();
        }).toList();
    }

    private static String format(LogRecord r) {
        Object[] params = r.getParameters();
        return params == null || params.length == 0 ? String.valueOf(r.getMessage())
                : MessageFormat.format(r.getMessage(), params);
    }
}
