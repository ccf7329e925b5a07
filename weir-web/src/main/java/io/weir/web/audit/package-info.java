/** The audit log: who changed what, when and from where, whether through the UI, the API or the CLI. */
package io.weir.web.audit;
