/** How an extract shows its progress: one line rewritten in place on a terminal, plain lines elsewhere. */
package io.weir.extract.progress;
