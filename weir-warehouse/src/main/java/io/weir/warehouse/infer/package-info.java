/**
 * Type inference of text values, shared by seeds and landed files: whole numbers, other numbers, dates, timestamps,
 * booleans, else text.
 */
package io.weir.warehouse.infer;
