import { demoCapture } from '@tapedeck/demo-style/privacy';
import '@tapedeck/demo-style/shop.css';
import { TapedeckProvider } from '@tapedeck/next';
import { decideRecording } from '@tapedeck/next/server';
import { cookies } from 'next/headers';
import type { ReactNode } from 'react';
import { Cart } from './Cart';
import { Header } from './Header';

export const metadata = { title: 'Tapedeck Next demo shop' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The server decides: record signed-in visitors (a cookie), and nobody else.
  const user = (await cookies()).get('shop_user')?.value ?? null;
  const decision = decideRecording(user, [{ when: (u) => u !== null, sampleRate: 1 }]);
  const token = process.env.TAPEDECK_TOKEN ?? 'demo_token_0001';
  return (
    <html lang="en">
      <body>
        <TapedeckProvider
          options={{ host: '/ingest', token, remoteConfig: false, ...demoCapture }}
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
