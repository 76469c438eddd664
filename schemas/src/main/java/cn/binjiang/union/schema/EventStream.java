package cn.binjiang.union.schema;

import cn.binjiang.union.schema.avro.AidEvent;
import cn.binjiang.union.schema.avro.CompetitionEvent;
import cn.binjiang.union.schema.avro.EnrollmentEvent;
import cn.binjiang.union.schema.avro.Envelope;
import cn.binjiang.union.schema.avro.LegalEvent;
import cn.binjiang.union.schema.avro.TrainingEvent;
import cn.binjiang.union.schema.topic.Topic;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * One of the five event streams: its name, which is its Kafka topic's ({@link Topic}) and its folder
 * in the schema history, and its generated record class.
 *
 * <p>Typed constants rather than an enum, so that decoding a known stream returns its record class
 * without a cast. Every stream record starts with the shared {@link Envelope} followed by its own
 * {@code event_type} enum, which lets code that serves all five streams (validation,
 * pseudonymisation, KPI fan-out) work through {@link #envelopeOf} and {@link #eventTypeOf}.
 */
public final class EventStream<T extends SpecificRecordBase> implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final EventStream<EnrollmentEvent> ENROLLMENT =
            new EventStream<>(Topic.ENROLLMENT, EnrollmentEvent.class);
    public static final EventStream<TrainingEvent> TRAINING = new EventStream<>(Topic.TRAINING, TrainingEvent.class);
    public static final EventStream<CompetitionEvent> COMPETITION =
            new EventStream<>(Topic.COMPETITION, CompetitionEvent.class);
    public static final EventStream<AidEvent> AID = new EventStream<>(Topic.AID, AidEvent.class);
    public static final EventStream<LegalEvent> LEGAL = new EventStream<>(Topic.LEGAL, LegalEvent.class);

    private static final List<EventStream<?>> ALL = List.of(ENROLLMENT, TRAINING, COMPETITION, AID, LEGAL);

    private static final String ENVELOPE_FIELD = "envelope";
    private static final String EVENT_TYPE_FIELD = "event_type";

    private final String name;
    private final Class<T> recordClass;
    private final transient Schema schema;

    private EventStream(Topic topic, Class<T> recordClass) {
        this.name = topic.topicName();
        this.recordClass = recordClass;
        this.schema = SpecificData.get().getSchema(recordClass);
    }

    /** The five streams, in the order of the design card. */
    public static List<EventStream<?>> all() {
        return ALL;
    }

    /** The stream with this name (= Kafka topic), if there is one. */
    public static Optional<EventStream<?>> named(String name) {
        return ALL.stream().filter(s -> s.name.equals(name)).findFirst();
    }

    /**
     * The stream an event belongs to.
     *
     * @throws IllegalArgumentException if the record is not one of the five stream records
     */
    @SuppressWarnings("unchecked") // the class comparison makes the cast safe
    public static <T extends SpecificRecordBase> EventStream<T> of(T event) {
        for (EventStream<?> stream : ALL) {
            if (stream.recordClass == event.getClass()) {
                return (EventStream<T>) stream;
            }
        }
        throw new IllegalArgumentException(event.getClass().getName() + " is not the record of any event stream");
    }

    /** The stream's name: its Kafka topic and its folder under {@code avro-history/}. */
    public String name() {
        return name;
    }

    public Class<T> recordClass() {
        return recordClass;
    }

    /** The schema the record class was generated from: the reader's schema when decoding. */
    public Schema schema() {
        return schema;
    }

    /** The envelope of one of this stream's events (live: setting its fields changes the event). */
    public Envelope envelopeOf(T event) {
        return (Envelope) event.get(ENVELOPE_FIELD);
    }

    /** The event's type: a constant of this stream's own {@code ...EventType} enum. */
    public Enum<?> eventTypeOf(T event) {
        return (Enum<?>) event.get(EVENT_TYPE_FIELD);
    }

    /** Deserialisation yields the constant, so that streams compare by identity everywhere. */
    private Object readResolve() {
        return named(name).orElseThrow(() -> new IllegalStateException("no event stream " + name));
    }

    @Override
    public String toString() {
        return name;
    }
}
