// Fixed vocabularies the generators draw from: devices with real-looking user agents, places
// with ipinfo-style network owners (addresses come from the documentation ranges), names and
// meeting titles.

export interface DeviceProfile {
  os: string;
  osVersion: string;
  cpus: number;
  isMobile: boolean;
  /** Empty for native SDKs, which report no browser. */
  browser: { name: string; version: string; engine: string; userAgent: string; webgl: boolean | null } | null;
  sdkName: string;
  sdkVersion: string;
  sdkType: string;
  native: { audioEncoder: string; videoEncoder: string } | null;
  camera: string;
  microphone: string;
  speaker: string;
  /** What the camera captures when nothing limits it. */
  video: { width: number; height: number; fps: number; kbps: number };
}

const WEB_SDK = { sdkName: "web-core", sdkVersion: "1.9.4", sdkType: "web", native: null } as const;
const HD = { width: 1280, height: 720, fps: 30, kbps: 1400 } as const;

export const DEVICES = {
  chromeWindows: {
    ...WEB_SDK,
    os: "Windows",
    osVersion: "10",
    cpus: 8,
    isMobile: false,
    browser: {
      name: "Chrome",
      version: "139.0.0.0",
      engine: "Blink",
      userAgent:
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) " +
        "Chrome/139.0.0.0 Safari/537.36",
      webgl: true,
    },
    camera: "Integrated Webcam (0c45:6a14)",
    microphone: "Microphone Array (Realtek(R) Audio)",
    speaker: "Speakers (Realtek(R) Audio)",
    video: HD,
  },
  chromeMac: {
    ...WEB_SDK,
    os: "macOS",
    osVersion: "10.15.7",
    cpus: 10,
    isMobile: false,
    browser: {
      name: "Chrome",
      version: "139.0.0.0",
      engine: "Blink",
      userAgent:
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) " +
        "Chrome/139.0.0.0 Safari/537.36",
      webgl: true,
    },
    camera: "FaceTime HD Camera (3A71:F4B5)",
    microphone: "MacBook Pro Microphone (Built-in)",
    speaker: "MacBook Pro Speakers (Built-in)",
    video: HD,
  },
  chromeOldMac: {
    ...WEB_SDK,
    os: "macOS",
    osVersion: "10.15.7",
    cpus: 4,
    isMobile: false,
    browser: {
      name: "Chrome",
      version: "138.0.0.0",
      engine: "Blink",
      userAgent:
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) " +
        "Chrome/138.0.0.0 Safari/537.36",
      webgl: true,
    },
    camera: "FaceTime HD Camera (Built-in) (05ac:8514)",
    microphone: "MacBook Air Microphone (Built-in)",
    speaker: "MacBook Air Speakers (Built-in)",
    video: HD,
  },
  edgeWindows: {
    ...WEB_SDK,
    os: "Windows",
    osVersion: "10",
    cpus: 12,
    isMobile: false,
    browser: {
      name: "Edge",
      version: "139.0.0.0",
      engine: "Blink",
      userAgent:
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) " +
        "Chrome/139.0.0.0 Safari/537.36 Edg/139.0.0.0",
      webgl: true,
    },
    camera: "Logitech BRIO (046d:085e)",
    microphone: "Headset Microphone (Jabra Evolve2 65)",
    speaker: "Headset Earphone (Jabra Evolve2 65)",
    video: HD,
  },
  firefoxWindows: {
    ...WEB_SDK,
    os: "Windows",
    osVersion: "10",
    cpus: 8,
    isMobile: false,
    browser: {
      name: "Firefox",
      version: "142.0",
      engine: "Gecko",
      userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:142.0) Gecko/20100101 Firefox/142.0",
      webgl: true,
    },
    camera: "HD Pro Webcam C920",
    microphone: "Microphone (HD Pro Webcam C920)",
    speaker: "Speakers (Realtek(R) Audio)",
    video: { width: 960, height: 540, fps: 30, kbps: 1000 },
  },
  safariMac: {
    ...WEB_SDK,
    os: "macOS",
    osVersion: "10.15.7",
    cpus: 8,
    isMobile: false,
    browser: {
      name: "Safari",
      version: "18.6",
      engine: "WebKit",
      userAgent:
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) " +
        "Version/18.6 Safari/605.1.15",
      webgl: true,
    },
    camera: "FaceTime HD Camera",
    microphone: "MacBook Air Microphone",
    speaker: "MacBook Air Speakers",
    video: HD,
  },
  chromeLinux: {
    ...WEB_SDK,
    os: "Linux",
    osVersion: "x86_64",
    cpus: 16,
    isMobile: false,
    browser: {
      name: "Chrome",
      version: "139.0.0.0",
      engine: "Blink",
      userAgent:
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0.0.0 Safari/537.36",
      webgl: true,
    },
    camera: "C922 Pro Stream Webcam (046d:085c)",
    microphone: "C922 Pro Stream Webcam Analog Stereo",
    speaker: "Built-in Audio Analog Stereo",
    video: HD,
  },
  safariIphone: {
    ...WEB_SDK,
    os: "iOS",
    osVersion: "18.6",
    cpus: 6,
    isMobile: true,
    browser: {
      name: "Mobile Safari",
      version: "18.6",
      engine: "WebKit",
      userAgent:
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) " +
        "Version/18.6 Mobile/15E148 Safari/604.1",
      webgl: true,
    },
    camera: "Front Camera",
    microphone: "iPhone Microphone",
    speaker: "iPhone Speaker",
    video: { width: 480, height: 640, fps: 30, kbps: 700 },
  },
  chromeAndroid: {
    ...WEB_SDK,
    os: "Android",
    osVersion: "10",
    cpus: 8,
    isMobile: true,
    browser: {
      name: "Chrome Mobile",
      version: "139.0.0.0",
      engine: "Blink",
      userAgent:
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) " +
        "Chrome/139.0.0.0 Mobile Safari/537.36",
      webgl: true,
    },
    camera: "camera2 1, facing front",
    microphone: "Default",
    speaker: "Default",
    video: { width: 480, height: 640, fps: 24, kbps: 650 },
  },
  iosNative: {
    os: "iOS",
    osVersion: "18.5",
    cpus: 6,
    isMobile: true,
    browser: null,
    sdkName: "ios-core",
    sdkVersion: "1.4.2",
    sdkType: "native",
    native: { audioEncoder: "opus", videoEncoder: "H264 (VideoToolbox)" },
    camera: "Front Camera",
    microphone: "iPhone Microphone",
    speaker: "iPhone Receiver",
    video: { width: 480, height: 640, fps: 30, kbps: 700 },
  },
} as const satisfies Record<string, DeviceProfile>;

export type DeviceKey = keyof typeof DEVICES;

export interface Place {
  city: string;
  region: string;
  country: string;
  timezone: string;
  asn: { asn: string; name: string; domain: string; type: "isp" | "business" | "hosting" | "education" };
  /** A documentation /24 the peer's public address is drawn from. */
  prefix: "198.51.100" | "203.0.113";
}

export const PLACES = {
  lisbon: {
    city: "Lisbon",
    region: "Lisbon",
    country: "PT",
    timezone: "Europe/Lisbon",
    asn: { asn: "AS3243", name: "MEO - SERVICOS DE COMUNICACOES E MULTIMEDIA S.A.", domain: "meo.pt", type: "isp" },
    prefix: "198.51.100",
  },
  berlin: {
    city: "Berlin",
    region: "Land Berlin",
    country: "DE",
    timezone: "Europe/Berlin",
    asn: { asn: "AS3320", name: "Deutsche Telekom AG", domain: "telekom.de", type: "isp" },
    prefix: "203.0.113",
  },
  frankfurtOffice: {
    city: "Frankfurt am Main",
    region: "Hesse",
    country: "DE",
    timezone: "Europe/Berlin",
    asn: { asn: "AS8220", name: "COLT Technology Services Group Limited", domain: "colt.net", type: "business" },
    prefix: "198.51.100",
  },
  london: {
    city: "London",
    region: "England",
    country: "GB",
    timezone: "Europe/London",
    asn: { asn: "AS2856", name: "British Telecommunications PLC", domain: "bt.com", type: "isp" },
    prefix: "203.0.113",
  },
  madrid: {
    city: "Madrid",
    region: "Madrid",
    country: "ES",
    timezone: "Europe/Madrid",
    asn: { asn: "AS3352", name: "TELEFONICA DE ESPANA S.A.U.", domain: "telefonica.es", type: "isp" },
    prefix: "198.51.100",
  },
  munichMobile: {
    city: "Munich",
    region: "Bavaria",
    country: "DE",
    timezone: "Europe/Berlin",
    asn: { asn: "AS3209", name: "Vodafone GmbH", domain: "vodafone.de", type: "isp" },
    prefix: "203.0.113",
  },
  austin: {
    city: "Austin",
    region: "Texas",
    country: "US",
    timezone: "America/Chicago",
    asn: { asn: "AS7922", name: "Comcast Cable Communications, LLC", domain: "comcast.com", type: "isp" },
    prefix: "198.51.100",
  },
  newYorkMobile: {
    city: "New York City",
    region: "New York",
    country: "US",
    timezone: "America/New_York",
    asn: { asn: "AS21928", name: "T-Mobile USA, Inc.", domain: "t-mobile.com", type: "isp" },
    prefix: "203.0.113",
  },
  toronto: {
    city: "Toronto",
    region: "Ontario",
    country: "CA",
    timezone: "America/Toronto",
    asn: { asn: "AS812", name: "Rogers Communications Canada Inc.", domain: "rogers.com", type: "isp" },
    prefix: "198.51.100",
  },
  saoPaulo: {
    city: "São Paulo",
    region: "São Paulo",
    country: "BR",
    timezone: "America/Sao_Paulo",
    asn: { asn: "AS28573", name: "Claro NXT Telecomunicacoes Ltda", domain: "claro.com.br", type: "isp" },
    prefix: "203.0.113",
  },
  bengaluru: {
    city: "Bengaluru",
    region: "Karnataka",
    country: "IN",
    timezone: "Asia/Kolkata",
    asn: { asn: "AS24560", name: "Bharti Airtel Ltd., Telemedia Services", domain: "airtel.com", type: "isp" },
    prefix: "198.51.100",
  },
  singapore: {
    city: "Singapore",
    region: "Singapore",
    country: "SG",
    timezone: "Asia/Singapore",
    asn: { asn: "AS9506", name: "Singtel Fibre Broadband", domain: "singtel.com", type: "isp" },
    prefix: "203.0.113",
  },
  // Guest Wi-Fi of a conference hotel (a documentation ASN: no real provider is named).
  barcelonaHotel: {
    city: "Barcelona",
    region: "Catalonia",
    country: "ES",
    timezone: "Europe/Madrid",
    asn: { asn: "AS64501", name: "Hotel guest network (example)", domain: "hotel-wifi.example", type: "business" },
    prefix: "203.0.113",
  },
  sydney: {
    city: "Sydney",
    region: "New South Wales",
    country: "AU",
    timezone: "Australia/Sydney",
    asn: { asn: "AS1221", name: "Telstra Limited", domain: "telstra.com", type: "isp" },
    prefix: "198.51.100",
  },
} as const satisfies Record<string, Place>;

export type PlaceKey = keyof typeof PLACES;

export const FIRST_NAMES = [
  "Aiko",
  "Amara",
  "Anders",
  "Beatriz",
  "Bilal",
  "Camille",
  "Chen",
  "Chioma",
  "Dario",
  "Dmitri",
  "Elif",
  "Emeka",
  "Farah",
  "Felix",
  "Grace",
  "Hana",
  "Hugo",
  "Ibrahim",
  "Ingrid",
  "Jonas",
  "Julia",
  "Kai",
  "Kavya",
  "Leila",
  "Lucas",
  "Maja",
  "Mateo",
  "Mei",
  "Nadia",
  "Niko",
  "Olga",
  "Omar",
  "Paula",
  "Rafael",
  "Rina",
  "Sami",
  "Sara",
  "Sven",
  "Tariq",
  "Thea",
  "Uma",
  "Vera",
  "Wen",
  "Yara",
  "Yusuf",
  "Zoe",
] as const;

export const LAST_NAMES = [
  "Almeida",
  "Andersen",
  "Bakker",
  "Banerjee",
  "Costa",
  "Dubois",
  "Eriksen",
  "Fischer",
  "García",
  "Haddad",
  "Ivanova",
  "Jensen",
  "Kowalski",
  "Kumar",
  "Larsen",
  "Martins",
  "Moreau",
  "Nakamura",
  "Novak",
  "Okoye",
  "Petrov",
  "Quinn",
  "Rossi",
  "Santos",
  "Schmidt",
  "Silva",
  "Tanaka",
  "Vogel",
  "Wright",
  "Yilmaz",
  "Zhang",
] as const;

export const PROD_MEETING_TITLES = [
  "Design review",
  "Sprint planning",
  "1:1 Maja / Hugo",
  "Sales demo — Northwind",
  "Customer onboarding",
  "Incident retro",
  "Architecture office hours",
  "Hiring panel — backend",
  "Partner sync — Contoso",
  "Support escalation bridge",
  "Marketing stand-up",
  "Board prep",
] as const;

export const STAGING_MEETING_TITLES = ["QA smoke test", "Load test dry run"] as const;
