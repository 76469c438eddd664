package cn.binjiang.union.schema.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.schema.EventStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class KpiCatalogTest {
    private static final List<String> PUBLIC_IDS = List.of(
            "unions_founded_realname",
            "unions_founded_new_form",
            "orgs_digitised",
            "members_joined",
            "members_left",
            "members_net",
            "trainings_started",
            "trainings_completed",
            "training_hours",
            "certificates_earned",
            "competitions_held",
            "competition_participants",
            "awards_granted",
            "craftsmen_named",
            "innovation_studios_named",
            "aid_funds_raised_cny",
            "aid_households",
            "aid_paid_cny",
            "legal_packages_granted",
            "legal_group_enterprises",
            "disputes_received",
            "disputes_mediated");

    private final KpiCatalog catalog = KpiCatalog.fromClasspath();

    @Test
    void holdsExactlyThePublicIds() {
        assertThat(catalog.all()).extracting(KpiDefinition::id).containsExactlyElementsOf(PUBLIC_IDS);
    }

    @Test
    void groupsKpisByStream() {
        assertThat(catalog.forStream(EventStream.ENROLLMENT))
                .extracting(KpiDefinition::id)
                .containsExactly(
                        "unions_founded_realname",
                        "unions_founded_new_form",
                        "orgs_digitised",
                        "members_joined",
                        "members_left",
                        "members_net");
        assertThat(catalog.forStream(EventStream.TRAINING)).hasSize(4);
        assertThat(catalog.forStream(EventStream.COMPETITION)).hasSize(5);
        assertThat(catalog.forStream(EventStream.AID))
                .extracting(KpiDefinition::id)
                .containsExactly("aid_funds_raised_cny", "aid_households", "aid_paid_cny");
        assertThat(catalog.forStream(EventStream.LEGAL)).hasSize(4);
    }

    @Test
    void readsEveryPartOfAnEntry() {
        KpiDefinition realName = catalog.byId("unions_founded_realname").orElseThrow();
        assertThat(realName.nameZh()).isEqualTo("实名建会");
        assertThat(realName.unit()).isEqualTo("家");
        assertThat(realName.stream()).isSameAs(EventStream.ENROLLMENT);
        assertThat(realName.filter().eventTypes()).containsExactly("UNION_FOUNDED");
        assertThat(realName.filter().where()).hasSize(1);
        assertThat(realName.filter().where().get("union_kind")).hasToString("REAL_NAME");
        assertThat(realName.measure()).hasToString("count");
        assertThat(realName.dimensions())
                .extracting(Dimension::column)
                .containsExactly(DimensionColumn.STREET, DimensionColumn.INDUSTRY);
        assertThat(realName.target()).contains("unions_founded_realname");

        KpiDefinition net = catalog.byId("members_net").orElseThrow();
        assertThat(net.filter().eventTypes()).containsExactly("MEMBER_JOINED", "MEMBER_LEFT");
        assertThat(net.measure().weights()).containsExactly(java.util.Map.entry("MEMBER_LEFT", -1));
        assertThat(net.target()).isEmpty();

        KpiDefinition paid = catalog.byId("aid_paid_cny").orElseThrow();
        assertThat(paid.measure().summedField()).contains("amount_cny");
        assertThat(paid.dimensions())
                .extracting(Dimension::name, Dimension::column)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("street", DimensionColumn.STREET),
                        org.assertj.core.groups.Tuple.tuple("category", DimensionColumn.CATEGORY));
        assertThat(catalog.byId("no_such_kpi")).isEmpty();
    }

    @Test
    void everyKpiHasAtMostOneCategoryAndANamedUnit() {
        for (KpiDefinition kpi : catalog.all()) {
            assertThat(kpi.dimensions().stream().filter(d -> d.column() == DimensionColumn.CATEGORY))
                    .as(kpi.id())
                    .hasSizeLessThanOrEqualTo(1);
            assertThat(kpi.unit()).as(kpi.id()).isIn("家", "人", "人次", "本", "场", "元", "户次", "小时", "件");
        }
    }

    @Test
    void survivesJavaSerialisation() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(catalog);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            KpiCatalog copy = (KpiCatalog) in.readObject();
            assertThat(copy.all()).extracting(KpiDefinition::id).containsExactlyElementsOf(PUBLIC_IDS);
            assertThat(copy.forStream(EventStream.AID)).hasSize(3);
            assertThat(copy.byId("members_net").orElseThrow().stream()).isSameAs(EventStream.ENROLLMENT);
        }
    }
}
