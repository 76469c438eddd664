package cn.binjiang.union.seeds.generator;

import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.avro.LegalEvent;
import cn.binjiang.union.schema.avro.LegalEventType;
import cn.binjiang.union.schema.avro.TrainingEvent;
import cn.binjiang.union.schema.avro.TrainingEventType;
import cn.binjiang.union.schema.codec.EventCodec;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Malformed records of each kind the KPI job must reject, each built from a valid event so that
 * only its fault differs, with the reason code the job must give it.
 */
public final class BadRecords {
    /** A kind of bad record and the dead-letter reason it must get. */
    public enum Kind {
        UNDECODABLE("undecodable"),
        UNKNOWN_SCHEMA("unknown_schema"),
        INVALID_WORKER_ID("invalid_field:worker_id"),
        INVALID_CREDIT_CODE("invalid_field:enterprise_credit_code"),
        UNKNOWN_ENTERPRISE("unknown_enterprise");

        public final String reason;

        Kind(String reason) {
            this.reason = reason;
        }
    }

    /**
     * A record to send: the stream whose topic it goes to, its bytes, and the resident ID it carries in clear, if any.
     */
    public record BadRecord(Kind kind, String stream, byte[] value, String clearResidentId) {}

    private final RandomEvents events;
    private final EventCodec codec;
    private final Random random;
    private final List<RosterEnterprise> strangers;

    public BadRecords(long seed, RandomEvents events, EventCodec codec) {
        this.events = events;
        this.codec = codec;
        this.random = new Random(seed);
        this.strangers = EnterpriseRoster.generate(seed ^ 0x5eed, 100);
    }

    public BadRecord next(Kind kind, Instant at) {
        return switch (kind) {
            case UNDECODABLE -> {
                byte[] garbage = new byte[1 + random.nextInt(200)];
                random.nextBytes(garbage);
                garbage[0] = 0x42;
                yield new BadRecord(kind, "aid", garbage, null);
            }
            case UNKNOWN_SCHEMA -> {
                SpecificRecordBase event = events.any(at);
                byte[] bytes = codec.encode(event);
                for (int i = 2; i < 10; i++) bytes[i] = (byte) random.nextInt();
                yield new BadRecord(
                        kind,
                        EventStream.of(event).name(),
                        bytes,
                        EventStream.of(event).envelopeOf(event).getWorkerId());
            }
            case INVALID_WORKER_ID -> {
                TrainingEvent enrolled = events.training(TrainingEventType.COURSE_ENROLLED, at);
                String id = enrolled.getEnvelope().getWorkerId();
                String broken = id.substring(0, 17) + (id.charAt(17) == '0' ? '1' : '0');
                enrolled.getEnvelope().setWorkerId(broken);
                yield new BadRecord(kind, "training", codec.encode(enrolled), broken);
            }
            case INVALID_CREDIT_CODE -> {
                LegalEvent granted = events.legal(LegalEventType.LEGAL_PACKAGE_GRANTED, at);
                String code = granted.getEnvelope().getEnterpriseCreditCode();
                granted.getEnvelope()
                        .setEnterpriseCreditCode(code.substring(0, 17) + (code.charAt(17) == '0' ? '1' : '0'));
                yield new BadRecord(kind, "legal", codec.encode(granted), null);
            }
            case UNKNOWN_ENTERPRISE -> {
                LegalEvent granted = events.legal(LegalEventType.LEGAL_PACKAGE_GRANTED, at);
                granted.getEnvelope()
                        .setEnterpriseCreditCode(
                                strangers.get(random.nextInt(strangers.size())).creditCode());
                yield new BadRecord(kind, "legal", codec.encode(granted), null);
            }
        };
    }
}
