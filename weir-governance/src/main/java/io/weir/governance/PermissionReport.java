package io.weir.governance;

import static java.util.Objects.requireNonNull;

import io.weir.governance.plan.Plan;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one permission run did.
 *
 * @param plan the statements, run or in place
 * @param applied whether the statements to run were run (false for a dry run or when nothing differs)
 * @param catalogRead how long reading the warehouse's roles and grants took
 * @param diff how long computing the plan took
 * @param apply how long running the statements took (zero when none ran)
 */
public record PermissionReport(Plan plan, boolean applied, Duration catalogRead, Duration diff, Duration apply) {
    public PermissionReport {
        requireNonNull(plan, "plan is null");
        requireNonNull(catalogRead, "catalogRead is null");
        requireNonNull(diff, "diff is null");
        requireNonNull(apply, "apply is null");
    }

    /** The counts a {@code permissions.apply} task returns as its XCom. */
    public Map<String, Object> counts() {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("grants", plan.granted());
        counts.put("revokes", plan.revoked());
        counts.put("unchanged", plan.unchanged());
        counts.put("roles_created", plan.rolesCreated());
        counts.put("owners_changed", plan.ownersChanged());
        counts.put("statements", plan.toRun().size());
        counts.put("applied", applied);
        return counts;
    }
}
