import { useMutation, useQueryClient } from '@tanstack/react-query';
import { sendJson } from './sendJson';

export function useSignInMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (credentials: { email: string; password: string }) => sendJson('POST', '/api/auth/login', credentials),
    onSuccess: () => client.invalidateQueries(),
  });
}

export function useSignOutMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => sendJson('POST', '/api/auth/logout'),
    onSuccess: () => client.invalidateQueries(),
  });
}
