package cn.binjiang.union.jobs.kpi.intake;

import cn.binjiang.union.schema.avro.Industry;
import cn.binjiang.union.schema.avro.Street;
import java.io.Serializable;

/** An enterprise of the reference data ({@code enterprises} table). */
public record Enterprise(String creditCode, Street street, Industry industry, int employeeCount)
        implements Serializable {}
