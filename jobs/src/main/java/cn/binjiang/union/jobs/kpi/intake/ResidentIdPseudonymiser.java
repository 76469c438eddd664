package cn.binjiang.union.jobs.kpi.intake;

import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.kpi.EventField;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Replaces the fields that carry or may carry a resident ID number by a keyed pseudonym,
 * HMAC-SHA256 in unpadded base64url (43 characters), before anything is stored (PIPL):
 * {@code worker_id} (the worker's ID itself), {@code household_id} (households are filed under
 * their head's ID, producers send {@code HH-<resident ID>}) and {@code certificate_id}
 * (certificate numbers are long digit runs that no check can tell from an ID). The same value
 * always gets the same pseudonym under one key, so analysts can still count distinct workers,
 * households and certificates and follow one through the streams, while without the key a
 * pseudonym cannot be traced back by hashing all ~10^10 possible IDs, as a plain hash could.
 *
 * <p>Base64url rather than hex: a hex pseudonym holds runs of 18 digits often enough that scans
 * for resident IDs in clear (the privacy checks on every table) would report false leaks.
 *
 * <p>Values are normalised first (trimmed, upper-cased: an ID's final {@code x}) so that both
 * spellings of an ID map to one pseudonym. Thread-safe; {@link Serializable}, the key travelling with it (it
 * must reach the task managers somehow; keep the job graph as confidential as the key).
 */
public final class ResidentIdPseudonymiser implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String ALGORITHM = "HmacSHA256";
    private static final List<String> PSEUDONYMISED = List.of("worker_id", "household_id", "certificate_id");

    /** 256 bits, the HMAC-SHA256 output size: a shorter key is the weakest link. */
    public static final int MIN_KEY_BYTES = 32;

    private final byte[] key;
    /** Mac instances are stateful and not serialisable: one per thread, made on first use. */
    private transient volatile ThreadLocal<Mac> macs;

    /** @throws IllegalArgumentException if the key is shorter than {@link #MIN_KEY_BYTES} */
    public ResidentIdPseudonymiser(byte[] key) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the resident ID pseudonymisation key must be at least " + MIN_KEY_BYTES
                    + " bytes (256 bits), got " + key.length
                    + ": configure a random secret, e.g. `openssl rand -base64 48`");
        }
        this.key = key.clone();
    }

    /** A key given as text, used as its UTF-8 bytes. */
    public static ResidentIdPseudonymiser withKey(String key) {
        return new ResidentIdPseudonymiser(key.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The pseudonym of a value (a resident ID, a household or certificate number): 43 characters of unpadded base64url.
     */
    public String pseudonym(String value) {
        byte[] normalised = value.trim().toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac().doFinal(normalised));
    }

    /** The event with each of its pseudonymised fields that is set replaced by its pseudonym, in place. */
    public <T extends SpecificRecordBase> T pseudonymise(T event) {
        EventStream<T> stream = EventStream.of(event);
        for (String name : PSEUDONYMISED) {
            EventField.of(stream, name).ifPresent(field -> {
                SpecificRecordBase holder = field.inEnvelope() ? stream.envelopeOf(event) : event;
                int position = holder.getSchema().getField(name).pos();
                Object value = holder.get(position);
                if (value != null) holder.put(position, pseudonym(value.toString()));
            });
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
        return "ResidentIdPseudonymiser[" + ALGORITHM + ", key of " + key.length + " bytes]";
    }
}
