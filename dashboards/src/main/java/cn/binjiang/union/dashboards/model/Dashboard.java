package cn.binjiang.union.dashboards.model;

import java.util.List;

/** A dashboard file: its name (the file name without {@code .yaml}), its title and its panels in order. */
public record Dashboard(String name, String title, List<Panel> panels) {}
