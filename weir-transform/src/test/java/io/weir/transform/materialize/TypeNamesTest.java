package io.weir.transform.materialize;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.warehouse.WarehouseType;
import org.junit.jupiter.api.Test;

class TypeNamesTest {
    @Test
    void catalogNamesMatchTheNamesTypesWereDeclaredWith() {
        assertThat(TypeNames.same("double precision", "float8")).isTrue();
        assertThat(TypeNames.same("DOUBLE", "double")).isTrue();
        assertThat(TypeNames.same("VARCHAR", "text")).isTrue();
        assertThat(TypeNames.same("character varying(5)", "varchar(5)")).isTrue();
        assertThat(TypeNames.same("timestamp without time zone", "timestamp")).isTrue();
        assertThat(TypeNames.same("timestamp(3) without time zone", "timestamp(3)"))
                .isTrue();
        assertThat(TypeNames.same("DECIMAL(18,3)", "numeric")).isTrue();
        assertThat(TypeNames.same("int8", "BIGINT")).isTrue();
        assertThat(TypeNames.same("double precision", "float", WarehouseType.POSTGRES))
                .isTrue();
        assertThat(TypeNames.same("FLOAT", "float", WarehouseType.DUCKDB)).isTrue();
        assertThat(TypeNames.same("DOUBLE", "float", WarehouseType.DUCKDB)).isFalse();
    }

    @Test
    void differentTypesDiffer() {
        assertThat(TypeNames.same("bigint", "double precision")).isFalse();
        assertThat(TypeNames.same("character varying(5)", "varchar(10)")).isFalse();
        assertThat(TypeNames.same("timestamp with time zone", "timestamp")).isFalse();
        assertThat(TypeNames.same("integer", "bigint")).isFalse();
    }
}
