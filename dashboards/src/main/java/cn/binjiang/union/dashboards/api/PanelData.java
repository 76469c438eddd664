package cn.binjiang.union.dashboards.api;

import java.util.List;
import java.util.Map;

/** A panel's answer: its column names, and its rows as column → value (numbers exact, dates as text). */
public record PanelData(List<String> columns, List<Map<String, Object>> rows) {}
