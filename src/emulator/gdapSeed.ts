import { systemClock, type Clock } from '../clock';

/** A relationship as Graph sends it (the data file holds them in this shape). */
export interface GraphRelationship {
  id: string;
  displayName: string;
  status: string;
  duration?: string;
  autoExtendDuration?: string;
  customer?: { tenantId?: string; displayName?: string };
  accessDetails?: { unifiedRoles: { roleDefinitionId: string }[] };
  createdDateTime?: string;
  lastModifiedDateTime?: string;
  activatedDateTime?: string;
  endDateTime?: string;
}

/** The relationships' dates moved by the whole days between `asOf` and today, so that they keep their meaning. */
export function datesMovedToToday(
  relationships: readonly GraphRelationship[],
  asOf: string | undefined,
  clock: Clock | undefined,
): GraphRelationship[] {
  if (!asOf) return [...relationships];
  const days = Math.floor(((clock ?? systemClock).now() - Date.parse(`${asOf}T00:00:00Z`)) / 86_400_000);
  const moved = (date: unknown) =>
    typeof date === 'string' && !Number.isNaN(Date.parse(date))
      ? new Date(Date.parse(date) + days * 86_400_000).toISOString()
      : date;
  return relationships.map((relationship) => {
    const copy: Record<string, unknown> = { ...relationship };
    for (const field of ['createdDateTime', 'lastModifiedDateTime', 'activatedDateTime', 'endDateTime'])
      if (field in copy) copy[field] = moved(copy[field]);
    return copy as unknown as GraphRelationship;
  });
}
