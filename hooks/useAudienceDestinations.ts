import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DeliveryView, DestinationView } from '@/lib/audiences/destinations/destinationStore';
import { fetchJson } from './fetchJson';
import { sendJson } from './sendJson';

const destinationsKey = (audienceId: number) => ['audienceDestinations', audienceId] as const;
const deliveriesKey = (destinationId: number) => ['audienceDeliveries', destinationId] as const;

export function useAudienceDestinationsQuery(audienceId: number, enabled: boolean) {
  return useQuery({
    queryKey: destinationsKey(audienceId),
    queryFn: ({ signal }) =>
      fetchJson<{ destinations: DestinationView[] }>(`/api/audiences/${audienceId}/destinations`, signal),
    enabled,
  });
}

/** A destination's delivery log (a CSV export's runs), polled while a send or a run is under way. */
export function useAudienceDeliveriesQuery(destinationId: number) {
  return useQuery({
    queryKey: deliveriesKey(destinationId),
    queryFn: ({ signal }) =>
      fetchJson<{ deliveries: DeliveryView[] }>(`/api/audiences/destinations/${destinationId}/deliveries`, signal),
    refetchInterval: (query) =>
      query.state.data?.deliveries.some((d) => d.status === 'sending' || d.status === 'writing') ? 1000 : 5000,
  });
}

export type NewDestination =
  | { kind?: 'webhook'; name: string; url: string; batchSize?: number }
  | { kind: 'csv'; name: string; schedule: string };

export function useAddAudienceDestinationMutation(audienceId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NewDestination) =>
      sendJson<{ destination: DestinationView; secret?: string }>(
        'POST',
        `/api/audiences/${audienceId}/destinations`,
        input,
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: destinationsKey(audienceId) }),
  });
}

export function useSendAudienceMutation(destinationId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { test: boolean }) =>
      sendJson<{ job: { id: number } }>('POST', `/api/audiences/destinations/${destinationId}/send`, input),
    onSuccess: () => client.invalidateQueries({ queryKey: deliveriesKey(destinationId) }),
  });
}

/** Pauses or resumes a CSV export, or changes its schedule (admin). */
export function useUpdateAudienceDestinationMutation(audienceId: number, destinationId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { paused?: boolean; schedule?: string }) =>
      sendJson<{ destination: DestinationView }>('PATCH', `/api/audiences/destinations/${destinationId}`, input),
    onSuccess: () => client.invalidateQueries({ queryKey: destinationsKey(audienceId) }),
  });
}

export function useDeleteAudienceDestinationMutation(audienceId: number, destinationId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => sendJson<{ deleted: number }>('DELETE', `/api/audiences/destinations/${destinationId}`),
    onSuccess: () => client.invalidateQueries({ queryKey: destinationsKey(audienceId) }),
  });
}
