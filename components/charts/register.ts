"use client";

import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, TimeScale, Tooltip, Filler } from "chart.js";
import "chartjs-adapter-date-fns";

// Registered once, only the pieces used (never chart.js/auto, which ships everything).
Chart.register(BarController, BarElement, CategoryScale, LinearScale, TimeScale, Tooltip, Legend, LineController, LineElement, PointElement, Filler);

export { Chart };
