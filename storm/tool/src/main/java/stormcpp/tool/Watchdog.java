package stormcpp.tool;

/** Ends the JVM if a run overstays: LocalCluster can hang on shutdown, and a runner must not. */
public final class Watchdog {
    private Watchdog() {}

    /** Halts the JVM with status 3 after {@code seconds}, unless it has exited by then. */
    public static void haltAfter(long seconds, String who) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(seconds * 1000);
                System.err.println(who + ": watchdog: still running " + seconds + " s after start; halting");
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException e) {
                // exit normally
            }
        }, "stormcpp-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
