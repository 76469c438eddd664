package cn.binjiang.union.seeds.generator;

import cn.binjiang.union.schema.avro.Industry;
import cn.binjiang.union.schema.avro.Street;

/** One enterprise of the synthetic roster: what the reference tables and the generator need of it. */
public record RosterEnterprise(String creditCode, String name, Street street, Industry industry, int employeeCount) {}
