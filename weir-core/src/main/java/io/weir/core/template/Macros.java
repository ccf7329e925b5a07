package io.weir.core.template;

import com.hubspot.jinjava.objects.date.StrftimeFormatter;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;

/**
 * Airflow's {@code macros} in templates. Method names are the names templates call ({@code macros.ds_add(ds, 7)}),
 * hence the underscores.
 */
public final class Macros {
    static final Macros INSTANCE = new Macros();

    private Macros() {}

    /** {@code ds} plus (or minus) a number of days, as {@code YYYY-MM-DD}. */
    public String ds_add(String ds, long days) {
        return LocalDate.parse(ds).plusDays(days).toString();
    }

    /** Re-formats a date string from one strftime format to another: {@code ds_format(ds, "%Y-%m-%d", "%Y%m")}. */
    public String ds_format(String ds, String inputFormat, String outputFormat) {
        TemporalAccessor parsed =
                StrftimeFormatter.toDateTimeFormatter(inputFormat).parse(ds);
        LocalTime time = parsed.query(TemporalQueries.localTime());
        LocalDateTime dateTime = LocalDate.from(parsed).atTime(time == null ? LocalTime.MIDNIGHT : time);
        return StrftimeFormatter.format(dateTime.atZone(ZoneOffset.UTC), outputFormat);
    }
}
