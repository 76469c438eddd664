package cn.binjiang.union.platform;

import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.codec.EventCodec;
import cn.binjiang.union.seeds.command.SourceProducer;
import cn.binjiang.union.seeds.generator.BadRecords;
import cn.binjiang.union.seeds.generator.RandomEvents;
import cn.binjiang.union.seeds.reference.LoadReferenceData;
import cn.binjiang.union.seeds.truth.GroundTruth;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Events sent to the stack's topics as producers send them, with re-sent copies and bad records between
 * them, and what the KPI job must make of everything sent so far: the generator's ground truth.
 */
final class SentEvents {
    /**
     * Every 100th event, the one sent 1,000 before it is sent again (a producer retrying; well inside the late
     * horizon).
     */
    private static final int COPY_EVERY = 100;

    private static final int COPY_DISTANCE = 1_000;
    private static final int BAD_EVERY = 500;
    /**
     * A copy comes 1,000 events after its original: with fewer events a month that is more than a day of event
     * time, and from about 4,300 more than the job's late horizon (7 d), where a copy is rejected as too late
     * instead of set aside as a copy.
     */
    private static final int MIN_EVENTS_PER_MONTH = 30_000;

    private final EventCodec codec = EventCodec.fromClasspath();
    private final RandomEvents generator;
    private final BadRecords badRecords;
    private final GroundTruth truth = new GroundTruth();
    private final Map<String, Long> acceptedPerStream = new HashMap<>();
    private long copies;
    private long bad;

    SentEvents(long seed) {
        generator = new RandomEvents(seed, LoadReferenceData.roster());
        badRecords = new BadRecords(seed, generator, codec);
    }

    /**
     * Sends {@code perMonth} events of each month from {@code first} to {@code last}, in event-time order
     * month by month (a year at once would not fit the heap), and waits until every broker in sync has them.
     */
    void send(String bootstrap, YearMonth first, YearMonth last, int perMonth) {
        if (perMonth < MIN_EVENTS_PER_MONTH) {
            throw new IllegalArgumentException(perMonth
                    + " events a month put a copy too far behind its original: at least " + MIN_EVENTS_PER_MONTH);
        }
        try (KafkaProducer<byte[], byte[]> producer = SourceProducer.open(bootstrap)) {
            for (YearMonth ym = first; !ym.isAfter(last); ym = ym.plusMonths(1)) {
                List<SpecificRecordBase> events = generator.between(
                        ym.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                        ym.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                        perMonth);
                for (int i = 0; i < events.size(); i++) {
                    SpecificRecordBase event = events.get(i);
                    producer.send(SourceProducer.record(codec, event));
                    truth.add(event);
                    acceptedPerStream.merge(EventStream.of(event).name(), 1L, Long::sum);
                    if (i % COPY_EVERY == 0 && i >= COPY_DISTANCE) {
                        producer.send(SourceProducer.record(codec, events.get(i - COPY_DISTANCE)));
                        copies++;
                    }
                    if (i % BAD_EVERY == BAD_EVERY / 2) {
                        Instant at = EventStream.of(event).envelopeOf(event).getOccurredAt();
                        BadRecords.BadRecord r = badRecords.next(
                                BadRecords.Kind.values()[(int) (bad % BadRecords.Kind.values().length)], at);
                        producer.send(new ProducerRecord<>(r.stream(), null, r.value()));
                        bad++;
                    }
                }
            }
            producer.flush();
        }
    }

    /** Every live cell the job must hold, keyed as {@link KpiStore#kpiLatest()} keys them, values in hundredths. */
    Map<String, Long> cells() {
        return truth.cells();
    }

    Map<String, Long> acceptedPerStream() {
        return Map.copyOf(acceptedPerStream);
    }

    long accepted() {
        return acceptedPerStream.values().stream().mapToLong(Long::longValue).sum();
    }

    long copies() {
        return copies;
    }

    long bad() {
        return bad;
    }

    /** Every record sent: what the job must account for as an event, a copy set aside or a rejection. */
    long records() {
        return accepted() + copies + bad;
    }
}
