// Formatting of numbers, durations and phases for display.
import type { Phase } from "../core/types";

export function percent(fraction: number, digits = 1): string {
  return `${(100 * fraction).toFixed(digits)}%`;
}

export function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function number(value: number, digits = 3): string {
  if (value === 0) return "0";
  const magnitude = Math.abs(value);
  return magnitude >= 1e4 || magnitude < 1e-3 ? value.toExponential(2) : value.toPrecision(digits);
}

const PHASE_WORDS: Record<Phase, string> = {
  training: "training the network",
  pruning: "pruning the smallest weights",
  refilling: "ranking groups and refilling the structure",
  evaluating: "testing the pruned network",
  rewinding: "rewinding the weights",
  finalizing: "training the final ticket",
};

export function phaseInWords(phase: Phase | null): string {
  return phase === null ? "preparing the backend and the data" : PHASE_WORDS[phase];
}

/** A validator message without the key it starts with, for display beside that key's field. */
export function messageBeside(key: string, message: string): string {
  const prefix = `${key}: `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}
