package lifeboat.spi;

/** Where a plugin reports what a job did: a child process's stderr lines, warnings. Never pass a secret. */
public interface JobLog {
    void info(String message);

    void warn(String message);
}
