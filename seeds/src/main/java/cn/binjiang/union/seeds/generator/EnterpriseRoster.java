package cn.binjiang.union.seeds.generator;

import cn.binjiang.union.schema.avro.Industry;
import cn.binjiang.union.schema.avro.Street;
import cn.binjiang.union.schema.ids.CheckDigits;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A synthetic roster of Binjiang enterprises: valid unified social credit codes (registered in
 * 330108, 滨江区), visibly synthetic names, skewed across streets and industries. The same seed
 * always gives the same roster.
 */
public final class EnterpriseRoster {
    private static final String CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    /** 9 = registered by the market regulator, 1 = enterprise; 330108 = 滨江区. */
    private static final String CODE_PREFIX = "91330108";

    private static final Street[] STREETS = {Street.XIXING, Street.CHANGHE, Street.PUYAN};
    private static final double[] STREET_WEIGHTS = {0.45, 0.33, 0.22};
    private static final Industry[] INDUSTRIES = {
        Industry.DIGITAL_ECONOMY, Industry.ADVANCED_MANUFACTURING, Industry.MODERN_SERVICES, Industry.OTHER
    };
    private static final double[] INDUSTRY_WEIGHTS = {0.52, 0.18, 0.22, 0.08};

    private EnterpriseRoster() {}

    public static List<RosterEnterprise> generate(long seed, int size) {
        Random random = new Random(seed);
        List<RosterEnterprise> roster = new ArrayList<>(size);
        for (int i = 1; i <= size; i++) {
            StringBuilder first17 = new StringBuilder(CODE_PREFIX);
            while (first17.length() < 17) first17.append(CODE_CHARS.charAt(random.nextInt(CODE_CHARS.length())));
            String code = first17.toString() + CheckDigits.creditCodeCheckChar(first17.toString());
            Industry industry = Weighted.pick(random, INDUSTRIES, INDUSTRY_WEIGHTS);
            // Employee counts are long-tailed: most enterprises are small, a few are large.
            int employees = (int) Math.min(20_000, Math.round(8 * Math.exp(random.nextGaussian() * 1.3 + 1.5)));
            roster.add(new RosterEnterprise(
                    code,
                    String.format("滨江示例企业%04d（合成）", i),
                    Weighted.pick(random, STREETS, STREET_WEIGHTS),
                    industry,
                    Math.max(3, employees)));
        }
        return roster;
    }
}
