/**
 * Alarm timing: one pending alarm per object, indexed in the node catalog so it fires after a
 * restart, delivered at least once and retried with exponential backoff after a throw.
 */
package io.cairn.runtime.alarm;
