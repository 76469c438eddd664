package cn.binjiang.union.seeds.scenario;

import cn.binjiang.union.schema.avro.EmploymentForm;
import cn.binjiang.union.schema.avro.Street;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;

/**
 * What the scenario's years add up to and when things happen in them: the report's figures, plausible ones where
 * it is silent, the new-form unions month by month, the aid campaign's sums and the month profiles of each kind
 * of event. {@link BinjiangScenario} turns them into events.
 */
final class Figures {
    private Figures() {}

    /** What a year must add up to: the report's figures, and plausible ones where it is silent. */
    record Quotas(
            int year,
            int realNameUnions,
            int digitisedOrgs,
            int certificates,
            int legalPackages,
            int legalGroupJoins,
            int competitions,
            int craftsmen,
            int studios) {}

    static final List<Quotas> YEARS = List.of(
            new Quotas(2021, 862, 318, 379, 17, 240, 16, 10, 5), new Quotas(2022, 949, 370, 421, 21, 0, 18, 10, 6));

    /** One union founded for a new-employment-form group: the drive started in March 2021 with ride-hailing drivers. */
    record NewFormUnion(YearMonth month, Street street, EmploymentForm form) {}

    static final List<NewFormUnion> NEW_FORM_UNIONS = List.of(
            nf("2021-03", Street.XIXING, EmploymentForm.RIDE_HAILING_DRIVER),
            nf("2021-04", Street.CHANGHE, EmploymentForm.RIDE_HAILING_DRIVER),
            nf("2021-05", Street.XIXING, EmploymentForm.FOOD_DELIVERY_RIDER),
            nf("2021-06", Street.CHANGHE, EmploymentForm.FOOD_DELIVERY_RIDER),
            nf("2021-07", Street.PUYAN, EmploymentForm.COURIER),
            nf("2021-09", Street.XIXING, EmploymentForm.COURIER),
            nf("2021-11", Street.PUYAN, EmploymentForm.FOOD_DELIVERY_RIDER),
            nf("2022-03", Street.XIXING, EmploymentForm.FOOD_DELIVERY_RIDER),
            nf("2022-03", Street.PUYAN, EmploymentForm.RIDE_HAILING_DRIVER),
            nf("2022-04", Street.CHANGHE, EmploymentForm.COURIER),
            nf("2022-05", Street.XIXING, EmploymentForm.COURIER),
            // 中国网络作家村's first union committee, June 2022
            nf("2022-06", Street.CHANGHE, EmploymentForm.ONLINE_WRITER),
            nf("2022-06", Street.XIXING, EmploymentForm.LIVE_STREAMER),
            nf("2022-07", Street.PUYAN, EmploymentForm.FOOD_DELIVERY_RIDER),
            nf("2022-08", Street.CHANGHE, EmploymentForm.RIDE_HAILING_DRIVER),
            nf("2022-09", Street.XIXING, EmploymentForm.LIVE_STREAMER),
            nf("2022-10", Street.XIXING, EmploymentForm.FOOD_DELIVERY_RIDER),
            nf("2022-11", Street.CHANGHE, EmploymentForm.COURIER),
            nf("2022-11", Street.PUYAN, EmploymentForm.ONLINE_WRITER));

    /** 春风行动 2022, 区总本级: everything the report counts for aid happens in 2022. */
    static final int AID_YEAR = 2022;

    static final BigDecimal FUNDS_RAISED = new BigDecimal("784000.00");
    static final int DONATIONS = 23;
    static final BigDecimal AID_PAID = new BigDecimal("247000.00");
    static final int AID_PAYMENTS = 52;
    /** Households helped twice (户次 counts each payment). */
    static final int REPEAT_HOUSEHOLDS = 5;

    static final BigDecimal HUNDRED_YUAN = new BigDecimal("100.00");

    // Month profiles, January first.
    static final double[] FOUNDING = {0.5, 0.4, 1.0, 1.2, 1.2, 1.3, 0.8, 0.8, 1.0, 0.9, 1.3, 1.5};
    static final double[] DIGITISING = {0.3, 0.3, 0.7, 0.9, 1.0, 1.1, 1.2, 1.2, 1.3, 1.3, 1.4, 1.6};
    static final double[] JOINING = {1.0, 0.6, 1.3, 1.1, 1.0, 1.0, 0.9, 0.9, 1.1, 1.0, 1.0, 0.9};
    /** Job-hopping peaks after the Spring Festival (金三银四). */
    static final double[] LEAVING = {1.0, 1.5, 1.8, 1.5, 1.0, 0.9, 1.0, 0.9, 0.9, 0.8, 0.8, 0.8};

    static final double[] TRAINING = {0.3, 0.2, 1.2, 1.4, 1.3, 1.0, 0.6, 0.5, 1.3, 1.4, 1.0, 0.2};
    static final double[] COMPETING = {0, 0, 0.5, 1.0, 1.3, 1.2, 0.5, 0.5, 1.3, 1.4, 0.8, 0};
    static final double[] RAISING = {1.6, 1.0, 0.6, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.2};
    static final double[] PAYING = {2.0, 1.5, 0.6, 0.3, 0.3, 0.3, 0.3, 0.3, 0.5, 0.3, 0.3, 0.6};
    static final double[] LEGAL = {0.6, 0.5, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0};
    /** The legal-service WeChat group was built up in spring 2021. */
    static final double[] GROUP_BUILDING = {0, 0, 1.5, 1.5, 1.2, 1.0, 0.6, 0.5, 0.5, 0.4, 0.3, 0.3};
    /** Wage disputes gather before the Spring Festival. */
    static final double[] DISPUTING = {1.6, 1.3, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 1.1, 1.5};

    static final int BACKGROUND_JOINS = 2_400;
    static final int BACKGROUND_LEAVES = 1_300;
    static final int TRANSFERS = 150;
    static final int DISPUTES = 140;
    static final int MAX_FOUNDING_WAVE = 15;

    private static NewFormUnion nf(String month, Street street, EmploymentForm form) {
        return new NewFormUnion(YearMonth.parse(month), street, form);
    }
}
