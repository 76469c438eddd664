package cn.binjiang.union.bench.baseline;

import cn.binjiang.union.bench.metric.Rate;
import cn.binjiang.union.operations.progress.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Timed work split over threads of its own (the consumers of a ceiling or of the peer, the landing's
 * connections): every task adds what it has done to one counter, which a progress line shows while
 * they run; the rate is the counter's total over the time until the last task ended.
 */
final class ParallelWork {
    /** One thread's share; {@code done} is the counter all tasks add to. */
    interface Task {
        void run(AtomicLong done) throws Exception;
    }

    private ParallelWork() {}

    static Rate run(String what, long expected, List<Task> tasks) throws Exception {
        AtomicLong done = new AtomicLong();
        Progress progress = new Progress(what, expected, System.err);
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        long started = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (Task task : tasks) {
                running.add(pool.submit(() -> {
                    task.run(done);
                    return null;
                }));
            }
            while (!running.stream().allMatch(Future::isDone)) {
                progress.update(done.get());
                Thread.sleep(200);
            }
            for (Future<?> task : running) task.get();
        } finally {
            pool.shutdownNow();
        }
        long nanos = System.nanoTime() - started;
        progress.finish(done.get());
        return Rate.of(done.get(), nanos);
    }
}
