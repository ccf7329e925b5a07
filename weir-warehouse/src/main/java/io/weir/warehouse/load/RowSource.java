package io.weir.warehouse.load;

import java.util.List;

/**
 * Rows streamed into the warehouse one at a time, so that no table is ever held in memory. Values are Java objects
 * of the column's {@link LoadType}: Boolean, Short/Integer/Long, BigDecimal, Float/Double, String (also for JSON and
 * inet), LocalDate, LocalTime, LocalDateTime, OffsetDateTime, UUID, byte[], or null.
 */
public interface RowSource {

    /** The columns of every row, in order. */
    List<LoadColumn> columns();

    /**
     * Fills {@code row} (one slot per column) with the next row.
     *
     * @return false when there are no more rows; {@code row} is then unchanged
     */
    boolean next(Object[] row);
}
