import { Link, Outlet, useNavigate } from '@tanstack/react-router';
import { LifeBuoy, LogOut, Moon, Sun } from 'lucide-react';
import { signOut, useCan, useSession } from '../../features/auth/session';
import { useTheme } from '../../lib/theme';
import { Button } from '../ui/button';
import { NAV } from './nav';

/** Sidebar navigation and the page area; every signed-in page renders inside it. */
export function AppShell() {
  const can = useCan();
  return (
    <div className="flex min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-card focus:px-3 focus:py-2">
        Skip to content
      </a>
      {/* The aside spans the whole page (its border and colour reach the bottom of a long page); its content sticks to the viewport. */}
      <aside className="w-56 shrink-0 border-r bg-sidebar max-md:w-16">
        <div className="sticky top-0 flex h-screen flex-col">
          <div className="flex h-14 items-center gap-2 border-b px-4 font-semibold">
            <LifeBuoy className="size-5 text-primary" aria-hidden />
            <span className="max-md:sr-only">Lifeboat</span>
          </div>
          <nav aria-label="Main" className="flex flex-1 flex-col gap-0.5 p-2">
            {NAV.filter((item) => !item.permission || can(item.permission)).map((item) => (
              <Link
                key={item.to}
                to={item.to}
                activeOptions={{ exact: item.to === '/' }}
                className="flex items-center gap-3 rounded-md px-3 py-2 text-sm text-muted-foreground transition-colors hover:bg-accent hover:text-accent-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring data-[status=active]:bg-primary/10 data-[status=active]:font-medium data-[status=active]:text-primary"
              >
                <item.icon className="size-4 shrink-0" aria-hidden />
                <span className="max-md:sr-only">{item.label}</span>
              </Link>
            ))}
          </nav>
          <div className="grid gap-0.5 border-t p-2">
            <ThemeToggle />
            <SignOut />
          </div>
        </div>
      </aside>
      <main id="main" className="min-w-0 flex-1 px-8 py-6 max-md:px-4">
        <div className="mx-auto max-w-6xl">
          <Outlet />
        </div>
      </main>
    </div>
  );
}

function ThemeToggle() {
  const [theme, toggle] = useTheme();
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <Button variant="ghost" className="w-full justify-start max-md:justify-center" onClick={toggle} aria-label={`Switch to ${next} mode`}>
      {theme === 'dark' ? <Sun aria-hidden /> : <Moon aria-hidden />}
      <span className="max-md:sr-only">{theme === 'dark' ? 'Light mode' : 'Dark mode'}</span>
    </Button>
  );
}

function SignOut() {
  const { data } = useSession();
  const navigate = useNavigate();
  const leave = async () => {
    await signOut();
    await navigate({ to: '/login' });
  };
  return (
    <Button variant="ghost" className="w-full justify-start max-md:justify-center" onClick={() => void leave()} aria-label="Sign out" title={data?.me?.email}>
      <LogOut aria-hidden />
      <span className="min-w-0 truncate max-md:sr-only">Sign out</span>
    </Button>
  );
}
