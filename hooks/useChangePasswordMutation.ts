import { useMutation, useQueryClient } from '@tanstack/react-query';
import { sendJson } from './sendJson';

export function useChangePasswordMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) =>
      sendJson('POST', '/api/auth/password', input),
    onSuccess: () => client.invalidateQueries(),
  });
}
