import '@tapedeck/demo-style/shop.css';
import { TapedeckProvider } from '@tapedeck/next';
import { decideRecording } from '@tapedeck/next/server';
import { cookies } from 'next/headers';
import type { ReactNode } from 'react';
import { Cart } from './Cart';
import { Header } from './Header';

export const metadata = { title: 'Tapedeck Next demo shop' };

// Every capture on, so the privacy page (/privacy) goes through each side door; request bodies
// are recorded for its allowed endpoint only. (Plain values: options cross to the client.)
const capture = {
  recordConsole: true,
  recordNetwork: {
    recordHeaders: true,
    recordBody: true,
    networkBodyAllowUrls: ['/privacy-api/allowed'],
  },
  recordCanvas: true,
  recordMouseMoves: true,
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The server decides: record signed-in visitors (a cookie), and nobody else.
  const user = (await cookies()).get('shop_user')?.value ?? null;
  const decision = decideRecording(user, [{ when: (u) => u !== null, sampleRate: 1 }]);
  const token = process.env.TAPEDECK_TOKEN ?? 'demo_token_0001';
  return (
    <html lang="en">
      <body>
        <TapedeckProvider
          options={{ host: '/ingest', token, remoteConfig: false, ...capture }}
          decision={decision}
        >
          <Cart>
            <div className="shop">
              <Header />
              {children}
            </div>
          </Cart>
        </TapedeckProvider>
      </body>
    </html>
  );
}
