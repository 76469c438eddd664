package cn.binjiang.union.dashboards.auth;

import java.util.Optional;

/** A user of the dashboard; {@code street} is set exactly for street officers. */
public record User(String username, String displayName, Role role, Optional<String> street, String passwordHash) {
    /** The street every query of this user is restricted to, or empty for the whole district. */
    public Optional<String> scope() {
        return role == Role.STREET_OFFICER ? street : Optional.empty();
    }

    @Override
    public String toString() {
        return "User[" + username + ", " + role + street.map(s -> ", " + s).orElse("") + "]";
    }
}
