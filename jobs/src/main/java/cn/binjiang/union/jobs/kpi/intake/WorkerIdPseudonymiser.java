package cn.binjiang.union.jobs.kpi.intake;

import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.avro.Envelope;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Replaces resident ID numbers by a keyed pseudonym, HMAC-SHA256 in unpadded base64url (43
 * characters), before anything is stored (PIPL): the same worker always gets the same
 * pseudonym under one key, so analysts can still count distinct workers and follow one through
 * the streams, while without the key a pseudonym cannot be traced back by hashing all ~10^10
 * possible IDs, as a plain hash could.
 *
 * <p>Base64url rather than hex: a hex pseudonym holds runs of 18 digits often enough that scans
 * for resident IDs in clear (the privacy checks on every table) would report false leaks.
 *
 * <p>IDs are normalised first (trimmed, a final {@code x} upper-cased) so that both spellings of
 * an ID map to one pseudonym. Thread-safe; {@link Serializable}, the key travelling with it (it
 * must reach the task managers somehow; keep the job graph as confidential as the key).
 */
public final class WorkerIdPseudonymiser implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String ALGORITHM = "HmacSHA256";

    /** 256 bits, the HMAC-SHA256 output size: a shorter key is the weakest link. */
    public static final int MIN_KEY_BYTES = 32;

    private final byte[] key;
    /** Mac instances are stateful and not serialisable: one per thread, made on first use. */
    private transient volatile ThreadLocal<Mac> macs;

    /** @throws IllegalArgumentException if the key is shorter than {@link #MIN_KEY_BYTES} */
    public WorkerIdPseudonymiser(byte[] key) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException(
                    "the worker ID pseudonymisation key must be at least " + MIN_KEY_BYTES
                            + " bytes (256 bits), got " + key.length
                            + ": configure a random secret, e.g. `openssl rand -base64 48`");
        }
        this.key = key.clone();
    }

    /** A key given as text, used as its UTF-8 bytes. */
    public static WorkerIdPseudonymiser withKey(String key) {
        return new WorkerIdPseudonymiser(key.getBytes(StandardCharsets.UTF_8));
    }

    /** The pseudonym of a resident ID: 43 characters of unpadded base64url. */
    public String pseudonym(String residentId) {
        byte[] normalised = residentId.trim().toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac().doFinal(normalised));
    }

    /** The event with {@code envelope.worker_id} replaced by its pseudonym, in place; events without one are returned as they are. */
    public <T extends SpecificRecordBase> T pseudonymise(T event) {
        Envelope envelope = EventStream.of(event).envelopeOf(event);
        if (envelope.getWorkerId() != null) {
            envelope.setWorkerId(pseudonym(envelope.getWorkerId()));
        }
        return event;
    }

    private Mac mac() {
        ThreadLocal<Mac> local = macs;
        if (local == null) {
            local = ThreadLocal.withInitial(this::newMac);
            macs = local;
        }
        return local.get();
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime provides " + ALGORITHM, e);
        }
    }

    @Override
    public String toString() {
        return "WorkerIdPseudonymiser[" + ALGORITHM + ", key of " + key.length + " bytes]";
    }
}
