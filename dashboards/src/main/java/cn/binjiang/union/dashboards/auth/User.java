package cn.binjiang.union.dashboards.auth;

import cn.binjiang.union.dashboards.api.RequestRefused;
import java.util.Optional;

/** A user of the dashboard; {@code street} is set exactly for street officers. */
public record User(String username, String displayName, Role role, Optional<String> street, String passwordHash) {
    /** The street every query of this user is restricted to, or empty for the whole district. */
    public Optional<String> scope() {
        return role == Role.STREET_OFFICER ? street : Optional.empty();
    }

    /**
     * The street a page or panel request shows: a street officer always sees their own street (asking for
     * another is refused), a district user the district or any street they ask for.
     *
     * @throws StreetRefused when an officer asks for another street, or the street is not one of 滨江区's
     */
    public Optional<String> view(String requestedStreet) {
        if (requestedStreet == null || requestedStreet.isEmpty()) return scope();
        if (!Users.STREETS.contains(requestedStreet)) {
            throw new StreetRefused(
                    404,
                    "no street '" + requestedStreet + "' (streets: "
                            + Users.STREETS.stream().sorted().toList() + ")");
        }
        if (scope().isPresent() && !scope().get().equals(requestedStreet)) {
            throw new StreetRefused(403, "街道工会干部只能查看本街道 (a street officer sees only their own street)");
        }
        return Optional.of(requestedStreet);
    }

    /** A request for a street the user may not see, or that does not exist; {@code status} is its HTTP status. */
    public static final class StreetRefused extends RequestRefused {
        StreetRefused(int status, String message) {
            super(status, message);
        }
    }

    @Override
    public String toString() {
        return "User[" + username + ", " + role + street.map(s -> ", " + s).orElse("") + "]";
    }
}
