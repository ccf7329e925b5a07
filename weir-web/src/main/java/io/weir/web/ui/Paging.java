package io.weir.web.ui;

/** Where a page of rows sits among them all. */
public record Paging(int offset, int pageSize, int total) {
    public int first() {
        return total == 0 ? 0 : offset + 1;
    }

    public int last() {
        return Math.min(total, offset + pageSize);
    }

    public boolean hasPrevious() {
        return offset > 0;
    }

    public boolean hasNext() {
        return offset + pageSize < total;
    }

    public int previousOffset() {
        return Math.max(0, offset - pageSize);
    }

    public int nextOffset() {
        return offset + pageSize;
    }
}
