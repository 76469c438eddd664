package cn.binjiang.union.dashboards.auth;

/** What a user may see: the district (leader, analyst) or one street (street officer). */
public enum Role {
    /** 区总工会领导: the whole district. */
    DISTRICT_LEADER,
    /** 街道工会干部: only their own street, enforced by the server on every API. */
    STREET_OFFICER,
    /** 分析人员: the whole district (and, later, the SQL console). */
    ANALYST
}
