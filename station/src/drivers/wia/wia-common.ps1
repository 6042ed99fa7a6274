<#
  wia-common.ps1: constants and helpers of wia-scan.ps1 (dot-sourced by it): the output protocol
  (Out-Line, Enc, Stop-WithError), HRESULTs behind PowerShell errors, WIA property and item access.
#>

$FORMAT_BMP = '{B96B3CAB-0728-11D3-9D7B-0000F81EF32E}'
$FORMAT_PNG = '{B96B3CAF-0728-11D3-9D7B-0000F81EF32E}'
$FORMAT_TIFF = '{B96B3CB1-0728-11D3-9D7B-0000F81EF32E}'
$CATEGORY_FEEDER = '{FE131934-F84C-42AD-8DA4-6129CDDD7288}'
$CATEGORY_FLATBED = '{FB607B1F-43F3-488B-855B-FB703EC342A6}'
$HR_PAPER_EMPTY = '0x80210003'
$HR_INVALID_ARG = '0x80070057'
$HR_NO_DEVICE = '0x80210015'

$script:pages = 0

function Out-Line([string]$Line) {
  [Console]::Out.Write($Line + "`n")
  [Console]::Out.Flush()
}

function Enc($Value) {
  if ($null -eq $Value) { return '' }
  return [Uri]::EscapeDataString([string]$Value)
}

function Format-HResult($HResult) {
  if ($null -eq $HResult) { return '0x80004005' }
  return ('0x{0:X8}' -f [int]$HResult)
}

# The HRESULT behind a PowerShell error: the COM exception inside MethodInvocationException, or a
# WIA-facility code anywhere in the chain, else the innermost exception's code.
function Get-HResult([System.Exception]$Exception) {
  $e = $Exception
  $last = $null
  while ($null -ne $e) {
    if ($e -is [System.Runtime.InteropServices.COMException]) { return $e.ErrorCode }
    if ((Format-HResult $e.HResult).StartsWith('0x8021')) { return $e.HResult }
    $last = $e.HResult
    $e = $e.InnerException
  }
  return $last
}

function Stop-WithError([string]$Hex, [string]$Message) {
  Out-Line ('ERROR {0} {1} {2}' -f $Hex, $script:pages, (Enc $Message))
  exit 1
}

function Find-Prop($Props, [int]$Id) {
  if ($null -eq $Props) { return $null }
  foreach ($p in $Props) {
    if ($p.PropertyID -eq $Id) { return $p }
  }
  return $null
}

function Get-PropValue($Props, [int]$Id) {
  $p = Find-Prop $Props $Id
  if ($null -eq $p) { return $null }
  return $p.Value
}

# Sets the property on the first property set that has it; returns $false when none has it.
function Set-Prop([object[]]$PropSets, [int]$Id, $Value) {
  foreach ($props in $PropSets) {
    $p = Find-Prop $props $Id
    if ($null -ne $p) {
      $p.Value = $Value
      return $true
    }
  }
  return $false
}

# Valid values as CAP fields: `list a,b,c` or `range min max step`.
function Get-ValidValues($Prop) {
  if ($null -eq $Prop) { return $null }
  try {
    if ($Prop.SubType -eq 1) {
      return 'range {0} {1} {2}' -f $Prop.SubTypeMin, $Prop.SubTypeMax, $Prop.SubTypeStep
    }
    if ($Prop.SubType -eq 2 -or $Prop.SubType -eq 3) {
      $values = @()
      foreach ($v in $Prop.SubTypeValues) { $values += [string]$v }
      return 'list ' + ($values -join ',')
    }
  } catch { }
  return 'list ' + [string]$Prop.Value
}

function Connect-Device([string]$Id) {
  if ($Id -eq '') { Stop-WithError $HR_INVALID_ARG 'missing device id' }
  $manager = New-Object -ComObject WIA.DeviceManager
  foreach ($info in $manager.DeviceInfos) {
    if ($info.DeviceID -eq $Id) { return $info.Connect() }
  }
  Stop-WithError $HR_NO_DEVICE "no WIA device with id $Id"
}

function Get-ItemName($Item) {
  $name = Get-PropValue $Item.Properties 4098
  if ($null -eq $name) { return '' }
  return [string]$name
}

function Get-ItemCategory($Item) {
  $category = Get-PropValue $Item.Properties 4125
  if ($null -eq $category) { return '' }
  return ([string]$category).ToUpperInvariant()
}

function Find-Item($Device, [string]$Name, [string]$Category) {
  foreach ($item in $Device.Items) {
    if ((Get-ItemName $item) -eq $Name -or (Get-ItemCategory $item) -eq $Category) { return $item }
  }
  return $null
}

function First-Item($Device) {
  foreach ($item in $Device.Items) { return $item }
  return $null
}
