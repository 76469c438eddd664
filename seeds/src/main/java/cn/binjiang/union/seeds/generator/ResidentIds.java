package cn.binjiang.union.seeds.generator;

import cn.binjiang.union.schema.ids.CheckDigits;
import java.time.LocalDate;
import java.util.Random;

/** Synthetic resident ID numbers (身份证号) that pass the GB 11643-1999 check: born 1965–2003, registered in 滨江区. */
public final class ResidentIds {
    private static final String REGION = "330108";
    private static final LocalDate EARLIEST_BIRTH = LocalDate.of(1965, 1, 1);
    private static final int BIRTH_SPAN_DAYS = 365 * 38;

    private ResidentIds() {}

    public static String next(Random random) {
        LocalDate birth = EARLIEST_BIRTH.plusDays(random.nextInt(BIRTH_SPAN_DAYS));
        String first17 = REGION
                + String.format(
                        "%04d%02d%02d%03d",
                        birth.getYear(), birth.getMonthValue(), birth.getDayOfMonth(), random.nextInt(1000));
        return first17 + CheckDigits.residentIdCheckChar(first17);
    }
}
