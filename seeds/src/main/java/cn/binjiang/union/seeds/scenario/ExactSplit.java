package cn.binjiang.union.seeds.scenario;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Splits an amount the report states (78.4万元 raised, 24.7万元 paid) into uneven parts, in whole
 * units (100 元: donations and grants are round sums), that add up to it exactly.
 */
final class ExactSplit {
    private ExactSplit() {}

    static List<BigDecimal> of(BigDecimal total, int parts, BigDecimal unit, Random random) {
        long units = total.divide(unit).longValueExact();
        if (units < parts)
            throw new IllegalArgumentException(total + " cannot make " + parts + " parts of at least " + unit);
        double[] weights = new double[parts];
        double sum = 0;
        for (int i = 0; i < parts; i++) {
            // log-normal: a few large gifts and many small ones
            weights[i] = Math.exp(random.nextGaussian() * 0.8);
            sum += weights[i];
        }
        long[] shares = new long[parts];
        long given = 0;
        for (int i = 0; i < parts; i++) {
            shares[i] = Math.max(1, (long) Math.floor((units - parts) * weights[i] / sum) + 1);
            given += shares[i];
        }
        // rounding leaves a few units over: they go to the largest part, which they change least
        int largest = 0;
        for (int i = 1; i < parts; i++) if (shares[i] > shares[largest]) largest = i;
        shares[largest] += units - given;
        List<BigDecimal> amounts = new ArrayList<>(parts);
        for (long share : shares) amounts.add(unit.multiply(BigDecimal.valueOf(share)));
        return amounts;
    }
}
