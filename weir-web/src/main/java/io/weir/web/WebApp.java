package io.weir.web;

import static java.util.Objects.requireNonNull;

import io.weir.engine.Weir;
import io.weir.engine.scheduler.SchedulerListener;
import io.weir.engine.scheduler.SchedulerListeners;
import io.weir.web.audit.AuditLog;
import io.weir.web.auth.Authenticator;
import io.weir.web.auth.LoginThrottle;
import io.weir.web.auth.UserAccounts;
import io.weir.web.metrics.WeirMetrics;
import io.weir.web.metrics.XComMetricRule;
import io.weir.web.ui.LiveUpdates;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * What the server's handlers share: the opened project, users, sign-in, the audit log and the metrics (a scheduler
 * in the same process tells {@link #listener()} what it decides: the metrics and the live pages). Built once, here.
 */
public record WebApp(
        Weir weir,
        UserAccounts accounts,
        Authenticator authenticator,
        AuditLog audit,
        WeirMetrics metrics,
        LiveUpdates live,
        String version) {
    public WebApp {
        requireNonNull(weir, "weir is null");
        requireNonNull(accounts, "accounts is null");
        requireNonNull(authenticator, "authenticator is null");
        requireNonNull(audit, "audit is null");
        requireNonNull(metrics, "metrics is null");
        requireNonNull(live, "live is null");
        requireNonNull(version, "version is null");
    }

    /** Failed sign-ins allowed per user and per address in {@link #THROTTLE_WINDOW}. */
    public static final int MAX_FAILED_SIGN_INS = 5;

    public static final Duration THROTTLE_WINDOW = Duration.ofMinutes(5);

    public static WebApp of(Weir weir, String version) {
        Clock clock = weir.services().clock();
        UserAccounts accounts = new UserAccounts(weir.store(), clock);
        LoginThrottle throttle = new LoginThrottle(MAX_FAILED_SIGN_INS, THROTTLE_WINDOW, clock);
        return new WebApp(
                weir,
                accounts,
                new Authenticator(accounts, throttle, clock),
                new AuditLog(weir.store(), clock),
                new WeirMetrics(weir, XComMetricRule.load(weir.projectDir())),
                new LiveUpdates(),
                version);
    }

    /**
     * What a scheduler in the same process tells the server: the metrics and the open pages both hear it. Asking for
     * it tells the metrics that this scheduler feeds them, not the store watcher.
     */
    public SchedulerListener listener() {
        metrics.feedFromSchedulerInProcess();
        return SchedulerListeners.fanOut(List.of(metrics, live));
    }
}
