/** Reading the YAML files that describe an extract's source, every problem reported with its line. */
package io.weir.extract.spec;
