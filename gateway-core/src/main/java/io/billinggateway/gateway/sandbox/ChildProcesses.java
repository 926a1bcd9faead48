package io.billinggateway.gateway.sandbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The processes the sandbox started, stopped together in reverse order of their start: by Ctrl-C or SIGTERM (through a
 * shutdown hook), when a step fails half-way, or when the gateway exits. Each one's descendants (npm's or Node's
 * children) are stopped too, so nothing is left behind. Stopping twice is harmless.
 */
final class ChildProcesses {
    private static final long GRACE_SECONDS = 15;

    /** A started process and what to do once it has exited (remove a temporary directory). */
    private record Owned(String name, Process process, Runnable afterExit) {
    }

    private final Deque<Owned> owned = new ArrayDeque<>();
    private volatile boolean stopped;

    /** Owns {@code process}; stops it at once when everything was stopped already (Ctrl-C while it started). */
    synchronized void add(String name, Process process, Runnable afterExit) {
        owned.push(new Owned(name, process, afterExit));
        if (stopped) {
            stopAll();
        }
    }

    synchronized void add(String name, Process process) {
        add(name, process, () -> { });
    }

    /** Every process still owned, with its descendants, for a test that checks none survives. */
    synchronized List<ProcessHandle> handles() {
        List<ProcessHandle> handles = new ArrayList<>();
        for (Owned child : owned) {
            handles.add(child.process().toHandle());
            child.process().descendants().forEach(handles::add);
        }
        return handles;
    }

    /** Whether stopping has begun: a child that exits now was asked to. */
    boolean stopping() {
        return stopped;
    }

    void stopAll() {
        stopped = true;
        stopOwned();
    }

    private synchronized void stopOwned() {
        while (!owned.isEmpty()) {
            stop(owned.pop());
        }
    }

    private static void stop(Owned child) {
        List<ProcessHandle> descendants = child.process().descendants().toList();
        child.process().destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!child.process().waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
                child.process().destroyForcibly();
                child.process().waitFor(GRACE_SECONDS, TimeUnit.SECONDS);
            }
            for (ProcessHandle descendant : descendants) {
                descendant.onExit().completeOnTimeout(descendant, GRACE_SECONDS, TimeUnit.SECONDS).join();
                if (descendant.isAlive()) {
                    descendant.destroyForcibly();
                }
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            child.process().destroyForcibly();
        }
        child.afterExit().run();
    }
}
