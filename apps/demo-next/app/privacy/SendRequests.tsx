'use client';
import { sendPrivacyRequests } from '@tapedeck/demo-style/privacy';
import { type MouseEvent, useState } from 'react';

/** The privacy page's one client part: the button that sends requests and logs. */
export function SendRequests() {
  const [sent, setSent] = useState(false);
  const send = async (event: MouseEvent<HTMLButtonElement>) => {
    await sendPrivacyRequests(event.currentTarget.form);
    setSent(true);
  };
  return (
    <>
      <button type="button" onClick={send}>
        Send requests
      </button>
      {sent && <p>requests: sent</p>}
    </>
  );
}
